"""A directory's password policy (reset workflow settings and strength rules)."""

from __future__ import annotations

from stormpath.resources.base import Resource

__all__ = ["PasswordPolicy"]


class PasswordPolicy(Resource):
    """``/passwordPolicies/{directoryId}``; ``strength`` holds the character rules, the
    template lists the reset mails (e.g. ``reset_email_templates[0].default_model``)."""

    EMAIL_STATUS_ENABLED = "ENABLED"
    EMAIL_STATUS_DISABLED = "DISABLED"

    writable_attrs = frozenset(
        {"reset_token_ttl", "reset_email_status", "reset_success_email_status"}
    )
    link_attrs = {
        "strength": "PasswordStrength",
        "reset_email_templates": "EmailTemplateList",
        "reset_success_email_templates": "EmailTemplateList",
    }
    derived_links = frozenset(link_attrs)
