"""Password reset: ``/forgot`` asks for the email, ``/forgot/change`` sets the new password.

Templates, settings and messages are 0.4.6's; the behaviour is safer:

- No account enumeration: every well-formed address gets the same "email sent" page, whether
  or not an account uses it (the API's "no such email" is logged, not shown). A malformed
  address gets "Invalid email address.".
- The new password is set through the reset token itself, so a link works once (0.4.6 set the
  password on the account and left the token valid until it expired).
- A missing, bad, used or expired link gets the forgot page with status 400, a message saying
  so and the form to ask for a new email, for GET and POST alike (0.4.6 answered a bare 400).
- After the change the user is logged in with a fresh session, and the complete page sends
  them on to ``STORMPATH_REDIRECT_URL`` (a meta refresh after 5 seconds, and a link), as in 0.4.6.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, request

from .emails import dead_link, log_in_account, read_sptoken, send_quietly
from .errors import StormpathError, error_message, is_outage, service_unavailable
from .forms import ChangePasswordForm, ForgotPasswordForm
from .views import render_page

__all__ = ["INVALID_RESET_LINK_MESSAGE", "forgot", "forgot_change"]

#: Shown (status 400) for a reset link that is missing its token, unknown, used or expired.
INVALID_RESET_LINK_MESSAGE = (
    "This password reset link is invalid, has already been used or has expired. "
    "Enter your email address to get a new one."
)


def forgot() -> Any:
    """Ask for an email address and have Stormpath send the reset link to it."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        application = current_app.extensions["stormpath"].application
        email = form.email.data
        return send_quietly(
            lambda: application.send_password_reset_email(email),
            "send a password reset email",
            "STORMPATH_FORGOT_PASSWORD_EMAIL_SENT_TEMPLATE",
            email=email,
        )
    return render_page("STORMPATH_FORGOT_PASSWORD_TEMPLATE", form=form)


def forgot_change() -> Any:
    """Check the link's ``sptoken`` (GET), then set the new password with it (POST)."""
    token = read_sptoken()
    if token is None:
        return _invalid_link()
    application = current_app.extensions["stormpath"].application
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            account = application.reset_account_password(token, form.password.data)
        except StormpathError as error:
            if is_outage(error):
                return service_unavailable(error)
            if error.status == 404:
                return _invalid_link()
            # e.g. the directory's password policy refused the new password.
            flash(error_message(error))
        else:
            log_in_account(account.href, "Password changed")
            return render_page("STORMPATH_FORGOT_PASSWORD_COMPLETE_TEMPLATE")
    elif request.method == "GET":
        # Say at once when the link is dead, before the user types a new password twice.
        try:
            application.verify_password_reset_token(token)
        except StormpathError as error:
            if is_outage(error):
                return service_unavailable(error)
            return _invalid_link()
    return render_page("STORMPATH_FORGOT_PASSWORD_CHANGE_TEMPLATE", form=form)


def _invalid_link() -> tuple[str, int]:
    # A fresh form: never pre-filled from this request's body (the new passwords).
    form = ForgotPasswordForm(formdata=None)
    return dead_link(INVALID_RESET_LINK_MESSAGE, "STORMPATH_FORGOT_PASSWORD_TEMPLATE", form)
