"""Every Flask-Stormpath setting, its default, and the checks run when an app is bound.

`init_settings` fills in defaults with ``setdefault`` (values the app set win) and
`check_settings` raises `ConfigurationError` with a message naming the problem. This module is
the single place where defaults live.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from stormpath.http import DEFAULT_MAX_TRIES, DEFAULT_TIMEOUT

from .errors import ConfigurationError

DEFAULT_BASE_URL = "https://api.stormpath.com/v1"

#: Authentication schemes the client knows, as `STORMPATH_SCHEME` accepts them.
SCHEMES = ("SAuthc1", "basic")

#: Flask-Login session protection modes `STORMPATH_SESSION_PROTECTION` accepts.
SESSION_PROTECTION_MODES = ("strong", "basic", None)

DEFAULTS: dict[str, Any] = {
    # Credentials and application.
    "STORMPATH_API_KEY_ID": None,
    "STORMPATH_API_KEY_SECRET": None,
    "STORMPATH_API_KEY_FILE": None,
    "STORMPATH_APPLICATION": None,
    # Client (new in 1.0: endpoint and signing scheme; STORMPATH_CACHE as in 0.4.x).
    "STORMPATH_BASE_URL": DEFAULT_BASE_URL,
    "STORMPATH_SCHEME": "SAuthc1",
    "STORMPATH_CACHE": None,
    # How long a Stormpath request may take, and how many times an idempotent one is tried
    # (new in 1.0): what a page waits for before the outage page during an outage.
    "STORMPATH_TIMEOUT": DEFAULT_TIMEOUT,
    "STORMPATH_MAX_TRIES": DEFAULT_MAX_TRIES,
    # Social login (views live in their own module; settings are checked here).
    "STORMPATH_ENABLE_FACEBOOK": False,
    "STORMPATH_ENABLE_GOOGLE": False,
    "STORMPATH_SOCIAL": {},
    # The providers' OAuth 2 endpoints (new in 1.0: point them elsewhere, e.g. at an emulator).
    "STORMPATH_GOOGLE_AUTHORIZE_URL": "https://accounts.google.com/o/oauth2/v2/auth",
    "STORMPATH_GOOGLE_TOKEN_URL": "https://oauth2.googleapis.com/token",
    "STORMPATH_FACEBOOK_AUTHORIZE_URL": "https://www.facebook.com/v19.0/dialog/oauth",
    "STORMPATH_FACEBOOK_TOKEN_URL": "https://graph.facebook.com/v19.0/oauth/access_token",
    # Registration form fields.
    "STORMPATH_ENABLE_USERNAME": False,
    "STORMPATH_REQUIRE_USERNAME": True,
    "STORMPATH_ENABLE_EMAIL": True,
    "STORMPATH_REQUIRE_EMAIL": True,
    "STORMPATH_ENABLE_PASSWORD": True,
    "STORMPATH_REQUIRE_PASSWORD": True,
    "STORMPATH_ENABLE_GIVEN_NAME": True,
    "STORMPATH_REQUIRE_GIVEN_NAME": True,
    "STORMPATH_ENABLE_MIDDLE_NAME": True,
    "STORMPATH_REQUIRE_MIDDLE_NAME": False,
    "STORMPATH_ENABLE_SURNAME": True,
    "STORMPATH_REQUIRE_SURNAME": True,
    "STORMPATH_VERIFY_EMAIL": False,
    # Which built-in views exist (decided when the app is bound).
    "STORMPATH_ENABLE_REGISTRATION": True,
    "STORMPATH_ENABLE_LOGIN": True,
    "STORMPATH_ENABLE_LOGOUT": True,
    "STORMPATH_ENABLE_FORGOT_PASSWORD": False,
    "STORMPATH_ENABLE_SETTINGS": True,
    # URLs.
    "STORMPATH_REGISTRATION_URL": "/register",
    "STORMPATH_LOGIN_URL": "/login",
    "STORMPATH_LOGOUT_URL": "/logout",
    "STORMPATH_FORGOT_PASSWORD_URL": "/forgot",
    "STORMPATH_FORGOT_PASSWORD_CHANGE_URL": "/forgot/change",
    "STORMPATH_SETTINGS_URL": "/settings",
    "STORMPATH_GOOGLE_LOGIN_URL": "/google",
    "STORMPATH_FACEBOOK_LOGIN_URL": "/facebook",
    "STORMPATH_VERIFY_EMAIL_URL": "/verify",
    "STORMPATH_REDIRECT_URL": "/",
    # Templates.
    "STORMPATH_BASE_TEMPLATE": "flask_stormpath/base.html",
    "STORMPATH_REGISTRATION_TEMPLATE": "flask_stormpath/register.html",
    "STORMPATH_LOGIN_TEMPLATE": "flask_stormpath/login.html",
    "STORMPATH_FORGOT_PASSWORD_TEMPLATE": "flask_stormpath/forgot.html",
    "STORMPATH_FORGOT_PASSWORD_EMAIL_SENT_TEMPLATE": "flask_stormpath/forgot_email_sent.html",
    "STORMPATH_FORGOT_PASSWORD_CHANGE_TEMPLATE": "flask_stormpath/forgot_change.html",
    "STORMPATH_FORGOT_PASSWORD_COMPLETE_TEMPLATE": "flask_stormpath/forgot_complete.html",
    "STORMPATH_VERIFY_EMAIL_TEMPLATE": "flask_stormpath/verify.html",
    "STORMPATH_VERIFY_EMAIL_SENT_TEMPLATE": "flask_stormpath/verify_email_sent.html",
    "STORMPATH_SETTINGS_TEMPLATE": "flask_stormpath/settings.html",
    "STORMPATH_UNAVAILABLE_TEMPLATE": "flask_stormpath/unavailable.html",
    # Sessions and the remember cookie.
    "STORMPATH_COOKIE_DOMAIN": None,
    "STORMPATH_COOKIE_DURATION": timedelta(days=365),
    "STORMPATH_SESSION_PROTECTION": "strong",
    "REMEMBER_COOKIE_NAME": "stormpath_token",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
}

# STORMPATH_REGISTRATION_REDIRECT_URL has no default on purpose: as in 0.4.x it is used only
# when the app defines it, and STORMPATH_REDIRECT_URL applies otherwise.


def init_settings(config: MutableMapping[str, Any]) -> None:
    """Fill in every default the app did not set (its own values are kept)."""
    for key, value in DEFAULTS.items():
        # Copy mutable defaults so apps never share (and mutate) one dict.
        config.setdefault(key, dict(value) if isinstance(value, dict) else value)


def check_settings(config: Mapping[str, Any]) -> None:
    """Raise `ConfigurationError` with a clear message for the first invalid setting."""
    has_pair = config.get("STORMPATH_API_KEY_ID") and config.get("STORMPATH_API_KEY_SECRET")
    if not (has_pair or config.get("STORMPATH_API_KEY_FILE")):
        raise ConfigurationError("You must define your Stormpath credentials.")
    if not config.get("STORMPATH_APPLICATION"):
        raise ConfigurationError("You must define your Stormpath application.")

    social = config.get("STORMPATH_SOCIAL") or {}
    if config.get("STORMPATH_ENABLE_GOOGLE") and not _has_keys(
        social.get("GOOGLE"), "client_id", "client_secret"
    ):
        raise ConfigurationError("You must define your Google app settings.")
    if config.get("STORMPATH_ENABLE_FACEBOOK") and not _has_keys(
        social.get("FACEBOOK"), "app_id", "app_secret"
    ):
        raise ConfigurationError("You must define your Facebook app settings.")

    domain = config.get("STORMPATH_COOKIE_DOMAIN")
    if domain and not isinstance(domain, str):
        raise ConfigurationError("STORMPATH_COOKIE_DOMAIN must be a string.")
    duration = config.get("STORMPATH_COOKIE_DURATION")
    if duration and not isinstance(duration, timedelta):
        raise ConfigurationError("STORMPATH_COOKIE_DURATION must be a timedelta object.")

    base_url = config.get("STORMPATH_BASE_URL")
    parts = urlsplit(base_url) if isinstance(base_url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(
            f"STORMPATH_BASE_URL must be an http(s) URL such as {DEFAULT_BASE_URL!r}, "
            f"not {base_url!r}."
        )
    if config.get("STORMPATH_SCHEME") not in SCHEMES:
        raise ConfigurationError(
            f"STORMPATH_SCHEME must be one of {', '.join(SCHEMES)}, "
            f"not {config.get('STORMPATH_SCHEME')!r}."
        )
    if config.get("STORMPATH_SESSION_PROTECTION") not in SESSION_PROTECTION_MODES:
        raise ConfigurationError(
            'STORMPATH_SESSION_PROTECTION must be "strong", "basic" or None, '
            f"not {config.get('STORMPATH_SESSION_PROTECTION')!r}."
        )
    timeout = config.get("STORMPATH_TIMEOUT")
    pair = timeout if isinstance(timeout, tuple) and len(timeout) == 2 else (timeout,)
    if not all(_is_positive_number(part) for part in pair):
        raise ConfigurationError(
            "STORMPATH_TIMEOUT must be a number of seconds above 0, or a (connect, read) pair "
            f"of them, not {timeout!r}."
        )
    tries = config.get("STORMPATH_MAX_TRIES")
    if isinstance(tries, bool) or not isinstance(tries, int) or tries < 1:
        raise ConfigurationError(
            f"STORMPATH_MAX_TRIES must be a whole number of at least 1, not {tries!r}."
        )


def _is_positive_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _has_keys(value: Any, *keys: str) -> bool:
    """True when `value` is a mapping with a truthy value for every key."""
    return isinstance(value, Mapping) and all(value.get(key) for key in keys)
