"""Errors raised by Flask-Stormpath and the one place that turns Stormpath errors into responses.

`StormpathError` is the client's `stormpath.error.Error`, re-exported as 0.4.x did. An error is an
*outage* when the API could not be reached (`NetworkError`, whose status is None) or answered
5xx: users then get a friendly 503 page and the cause goes to the log. Any other API error is a
message for the user: the developer message, as 0.4.6 flashed it, except for the few codes whose
developer message would puzzle users (`FRIENDLY_MESSAGES`).
"""

from __future__ import annotations

from flask import current_app, render_template

from stormpath.error import Error as StormpathError
from stormpath.error import NetworkError

__all__ = [
    "FRIENDLY_MESSAGES",
    "UNVERIFIED_ACCOUNT_MESSAGE",
    "UNVERIFIED_CODE",
    "ConfigurationError",
    "StormpathError",
    "error_message",
    "is_outage",
    "service_unavailable",
]


#: The API's code for a login refused because the account's email address is not verified.
UNVERIFIED_CODE = 7102

#: Shown instead of that refusal's developer message.
UNVERIFIED_ACCOUNT_MESSAGE = (
    "Your email address has not been verified yet. "
    "Please open the link in the verification email we sent you."
)

#: API error code -> the text users see instead of the developer message.
FRIENDLY_MESSAGES: dict[int, str] = {UNVERIFIED_CODE: UNVERIFIED_ACCOUNT_MESSAGE}


class ConfigurationError(Exception):
    """Flask-Stormpath is misconfigured (bad settings, unknown application, missing key file)."""


def is_outage(error: StormpathError) -> bool:
    """True when the Stormpath service is unreachable or failing, not when it refused a request."""
    if isinstance(error, NetworkError) or error.status is None:
        return True
    return int(error.status) >= 500


def error_message(error: StormpathError) -> str:
    """The text shown to users for an API error (0.4.6 flashed the developer message)."""
    if error.code is not None and error.code in FRIENDLY_MESSAGES:
        return FRIENDLY_MESSAGES[error.code]
    return str(error.developer_message or error.message or error.user_message or "")


def service_unavailable(error: StormpathError) -> tuple[str, int, dict[str, str]]:
    """Log an outage and render the "try again" page with status 503 (no traceback for users)."""
    current_app.logger.error("Stormpath API unavailable: %s", error, exc_info=error)
    body = render_template(current_app.config["STORMPATH_UNAVAILABLE_TEMPLATE"])
    # Tell clients and proxies to retry soon rather than cache the failure.
    return body, 503, {"Retry-After": "30", "Cache-Control": "no-store"}
