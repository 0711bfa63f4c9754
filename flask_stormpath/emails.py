"""What the email-based flows (password reset, email verification) share.

- Links in Stormpath's emails carry the token as ``?sptoken=``. `read_sptoken` only accepts what
  a token can look like: the client treats a value containing ``/`` as an href, so a crafted
  ``sptoken`` must never reach it.
- Asking Stormpath to send an email must not tell visitors whether an account exists:
  `send_quietly` turns every refusal into "sent" (logged for the site's developers) and only an
  outage into the 503 page.
- Once a link has done its job (password changed, address verified), `log_in_account` logs the
  account in; that step failing must not hide that the job is done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import current_app, flash, request

from .errors import StormpathError, is_outage, service_unavailable
from .models import User
from .views import render_page, start_session

__all__ = ["dead_link", "log_in_account", "read_sptoken", "send_quietly"]

# URL-safe characters only (Stormpath tokens are base62/base64url/JWT-like), and a sane length.
# Dot-only values ("." and "..") are path segments, not tokens.
_SPTOKEN = re.compile(r"(?!\.{1,2}$)[A-Za-z0-9._~-]{1,1024}")

# "No account with that email/login": the normal refusal, not worth a warning in the log.
_NO_SUCH_ACCOUNT = (404, 2016)


def read_sptoken() -> str | None:
    """The ``sptoken`` query argument when it looks like a token, else None."""
    token = request.args.get("sptoken", "")
    return token if _SPTOKEN.fullmatch(token) else None


def dead_link(message: str, template_setting: str, form: Any) -> tuple[str, int]:
    """The page for a link that cannot work (any more): `message` over `form`, status 400."""
    flash(message)
    return render_page(template_setting, form=form), 400


def send_quietly(send: Callable[[], Any], what: str, sent_setting: str, **context: Any) -> Any:
    """Call `send`; answer the 503 page on an outage, else the "email sent" page.

    A refusal (unknown address, workflow switched off, ...) is logged, not shown: the page
    must look the same whether or not the account exists. `what` names the action in the log;
    `sent_setting` names the template setting of the page, rendered with `context`.
    """
    try:
        send()
    except StormpathError as error:
        if is_outage(error):
            return service_unavailable(error)
        log = (
            current_app.logger.info
            if error.code in _NO_SUCH_ACCOUNT
            else current_app.logger.warning
        )
        log("Stormpath refused to %s (shown to the user as sent): %s", what, error)
    return render_page(sent_setting, **context)


def log_in_account(account_href: str, done: str) -> bool:
    """Log in (with a fresh session) the account a link has just acted on.

    Returns False when the account may not log in or could not be loaded; the failure is
    logged and the user simply stays logged out. `done` says, for the log, what already worked.
    """
    try:
        return start_session(User.from_href(account_href))
    except StormpathError as error:
        current_app.logger.warning(
            "%s, but the account could not be loaded to log it in: %s", done, error
        )
        return False
