"""Email verification: ``/verify`` (``STORMPATH_VERIFY_EMAIL_URL``), added when
``STORMPATH_VERIFY_EMAIL`` is on.

- ``GET /verify?sptoken=...`` (the link in the verification email) verifies the address, logs
  the account in with a fresh session and redirects to ``STORMPATH_REDIRECT_URL``. A bad or used
  link gets the resend form with a message and status 400.
- ``GET /verify`` shows a form to have the verification email sent again; its answer is the
  same whether or not such an account exists (or needs verifying).

The directory's verification workflow (its account creation policy) decides whether new
accounts must verify their address; this setting adds the views and messages.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, request

from .emails import dead_link, log_in_account, read_sptoken, send_quietly
from .errors import StormpathError, is_outage, service_unavailable
from .forms import ResendVerificationForm
from .views import render_page

__all__ = ["INVALID_VERIFICATION_LINK_MESSAGE", "verify"]

#: Shown (status 400) for a verification link that is malformed, unknown or already used.
INVALID_VERIFICATION_LINK_MESSAGE = (
    "This verification link is invalid or has already been used. "
    "Enter your email address to get a new one."
)


def verify() -> Any:
    """Verify the address of the link's ``sptoken``, or offer to send the email again."""
    manager = current_app.extensions["stormpath"]
    form = ResendVerificationForm()
    if form.validate_on_submit():
        application = manager.application
        login = form.login.data
        return send_quietly(
            lambda: application.resend_verification_email(login),
            "resend a verification email",
            "STORMPATH_VERIFY_EMAIL_SENT_TEMPLATE",
            login=login,
        )
    if request.method == "GET" and "sptoken" in request.args:
        token = read_sptoken()
        if token is None:
            return _invalid_link(form)
        try:
            account = manager.client.accounts.verify_email_token(token)
        except StormpathError as error:
            if is_outage(error):
                return service_unavailable(error)
            return _invalid_link(form)
        log_in_account(account.href, "Email address verified")
        return redirect(current_app.config["STORMPATH_REDIRECT_URL"])
    return render_page("STORMPATH_VERIFY_EMAIL_TEMPLATE", form=form)


def _invalid_link(form: ResendVerificationForm) -> tuple[str, int]:
    return dead_link(INVALID_VERIFICATION_LINK_MESSAGE, "STORMPATH_VERIFY_EMAIL_TEMPLATE", form)
