"""A directory's account creation policy (verification and welcome emails, domain lists)."""

from __future__ import annotations

from stormpath.resources.base import Resource

__all__ = ["AccountCreationPolicy"]


class AccountCreationPolicy(Resource):
    """``/accountCreationPolicies/{directoryId}``; one template list per workflow mail."""

    EMAIL_STATUS_ENABLED = "ENABLED"
    EMAIL_STATUS_DISABLED = "DISABLED"

    writable_attrs = frozenset(
        {
            "verification_email_status",
            "verification_success_email_status",
            "welcome_email_status",
            "email_domain_whitelist",
            "email_domain_blacklist",
        }
    )
    link_attrs = {
        "verification_email_templates": "EmailTemplateList",
        "verification_success_email_templates": "EmailTemplateList",
        "welcome_email_templates": "EmailTemplateList",
    }
    derived_links = frozenset(link_attrs)
