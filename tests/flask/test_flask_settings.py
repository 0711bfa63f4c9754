"""Defaults (`init_settings`) and validation messages (`check_settings`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from flask_stormpath import ConfigurationError, StormpathManager
from flask_stormpath.settings import DEFAULTS, check_settings, init_settings

EXPECTED_DEFAULTS: dict[str, Any] = {
    "STORMPATH_API_KEY_ID": None,
    "STORMPATH_API_KEY_SECRET": None,
    "STORMPATH_API_KEY_FILE": None,
    "STORMPATH_APPLICATION": None,
    "STORMPATH_BASE_URL": "https://api.stormpath.com/v1",
    "STORMPATH_SCHEME": "SAuthc1",
    "STORMPATH_CACHE": None,
    "STORMPATH_TIMEOUT": 10.0,
    "STORMPATH_MAX_TRIES": 4,
    "STORMPATH_ENABLE_FACEBOOK": False,
    "STORMPATH_ENABLE_GOOGLE": False,
    "STORMPATH_SOCIAL": {},
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
    "STORMPATH_VERIFY_EMAIL_URL": "/verify",
    "STORMPATH_GOOGLE_AUTHORIZE_URL": "https://accounts.google.com/o/oauth2/v2/auth",
    "STORMPATH_GOOGLE_TOKEN_URL": "https://oauth2.googleapis.com/token",
    "STORMPATH_FACEBOOK_AUTHORIZE_URL": "https://www.facebook.com/v19.0/dialog/oauth",
    "STORMPATH_FACEBOOK_TOKEN_URL": "https://graph.facebook.com/v19.0/oauth/access_token",
    "STORMPATH_VERIFY_EMAIL_TEMPLATE": "flask_stormpath/verify.html",
    "STORMPATH_VERIFY_EMAIL_SENT_TEMPLATE": "flask_stormpath/verify_email_sent.html",
    "STORMPATH_ENABLE_REGISTRATION": True,
    "STORMPATH_ENABLE_LOGIN": True,
    "STORMPATH_ENABLE_LOGOUT": True,
    "STORMPATH_ENABLE_FORGOT_PASSWORD": False,
    "STORMPATH_ENABLE_SETTINGS": True,
    "STORMPATH_REGISTRATION_URL": "/register",
    "STORMPATH_LOGIN_URL": "/login",
    "STORMPATH_LOGOUT_URL": "/logout",
    "STORMPATH_FORGOT_PASSWORD_URL": "/forgot",
    "STORMPATH_FORGOT_PASSWORD_CHANGE_URL": "/forgot/change",
    "STORMPATH_SETTINGS_URL": "/settings",
    "STORMPATH_GOOGLE_LOGIN_URL": "/google",
    "STORMPATH_FACEBOOK_LOGIN_URL": "/facebook",
    "STORMPATH_REDIRECT_URL": "/",
    "STORMPATH_BASE_TEMPLATE": "flask_stormpath/base.html",
    "STORMPATH_REGISTRATION_TEMPLATE": "flask_stormpath/register.html",
    "STORMPATH_LOGIN_TEMPLATE": "flask_stormpath/login.html",
    "STORMPATH_FORGOT_PASSWORD_TEMPLATE": "flask_stormpath/forgot.html",
    "STORMPATH_FORGOT_PASSWORD_EMAIL_SENT_TEMPLATE": "flask_stormpath/forgot_email_sent.html",
    "STORMPATH_FORGOT_PASSWORD_CHANGE_TEMPLATE": "flask_stormpath/forgot_change.html",
    "STORMPATH_FORGOT_PASSWORD_COMPLETE_TEMPLATE": "flask_stormpath/forgot_complete.html",
    "STORMPATH_SETTINGS_TEMPLATE": "flask_stormpath/settings.html",
    "STORMPATH_UNAVAILABLE_TEMPLATE": "flask_stormpath/unavailable.html",
    "STORMPATH_COOKIE_DOMAIN": None,
    "STORMPATH_COOKIE_DURATION": timedelta(days=365),
    "STORMPATH_SESSION_PROTECTION": "strong",
    "REMEMBER_COOKIE_NAME": "stormpath_token",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
}

VALID = {
    "STORMPATH_API_KEY_ID": "id",
    "STORMPATH_API_KEY_SECRET": "secret",
    "STORMPATH_APPLICATION": "My Application",
}


def checked(**overrides: Any) -> None:
    config: dict[str, Any] = {}
    init_settings(config)
    config.update(VALID)
    config.update(overrides)
    check_settings(config)


def test_every_default_is_set() -> None:
    config: dict[str, Any] = {}
    init_settings(config)
    assert config == EXPECTED_DEFAULTS
    assert DEFAULTS == EXPECTED_DEFAULTS
    # 0.4.x: used only when the app defines it.
    assert "STORMPATH_REGISTRATION_REDIRECT_URL" not in config


def test_app_values_win_over_defaults() -> None:
    config = {"STORMPATH_LOGIN_URL": "/signin", "REMEMBER_COOKIE_NAME": "mine"}
    init_settings(config)
    assert config["STORMPATH_LOGIN_URL"] == "/signin"
    assert config["REMEMBER_COOKIE_NAME"] == "mine"


def test_mutable_defaults_are_not_shared() -> None:
    first: dict[str, Any] = {}
    second: dict[str, Any] = {}
    init_settings(first)
    init_settings(second)
    first["STORMPATH_SOCIAL"]["GOOGLE"] = {"client_id": "x"}
    assert second["STORMPATH_SOCIAL"] == {}
    assert DEFAULTS["STORMPATH_SOCIAL"] == {}


def test_valid_settings_pass() -> None:
    checked()
    checked(STORMPATH_API_KEY_ID=None, STORMPATH_API_KEY_SECRET=None, STORMPATH_API_KEY_FILE="k")
    checked(
        STORMPATH_ENABLE_GOOGLE=True,
        STORMPATH_ENABLE_FACEBOOK=True,
        STORMPATH_SOCIAL={
            "GOOGLE": {"client_id": "c", "client_secret": "s"},
            "FACEBOOK": {"app_id": "a", "app_secret": "s"},
        },
    )
    checked(STORMPATH_SCHEME="basic", STORMPATH_SESSION_PROTECTION=None)
    checked(STORMPATH_COOKIE_DURATION=None, STORMPATH_COOKIE_DOMAIN="example.com")
    checked(STORMPATH_BASE_URL="http://127.0.0.1:8080/v1")
    checked(STORMPATH_TIMEOUT=2.5, STORMPATH_MAX_TRIES=1)
    checked(STORMPATH_TIMEOUT=(3, 27), STORMPATH_MAX_TRIES=10)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"STORMPATH_API_KEY_ID": None}, "You must define your Stormpath credentials."),
        ({"STORMPATH_API_KEY_SECRET": ""}, "You must define your Stormpath credentials."),
        ({"STORMPATH_APPLICATION": None}, "You must define your Stormpath application."),
        ({"STORMPATH_ENABLE_GOOGLE": True}, "You must define your Google app settings."),
        (
            {"STORMPATH_ENABLE_GOOGLE": True, "STORMPATH_SOCIAL": {"GOOGLE": {"client_id": "c"}}},
            "You must define your Google app settings.",
        ),
        ({"STORMPATH_ENABLE_FACEBOOK": True}, "You must define your Facebook app settings."),
        (
            {"STORMPATH_ENABLE_FACEBOOK": True, "STORMPATH_SOCIAL": {"FACEBOOK": "nope"}},
            "You must define your Facebook app settings.",
        ),
        ({"STORMPATH_COOKIE_DOMAIN": 42}, "STORMPATH_COOKIE_DOMAIN must be a string."),
        (
            {"STORMPATH_COOKIE_DURATION": 3600},
            "STORMPATH_COOKIE_DURATION must be a timedelta object.",
        ),
        ({"STORMPATH_BASE_URL": "api.stormpath.com"}, "STORMPATH_BASE_URL must be an http(s) URL"),
        ({"STORMPATH_BASE_URL": "ftp://x/v1"}, "STORMPATH_BASE_URL must be an http(s) URL"),
        ({"STORMPATH_BASE_URL": None}, "STORMPATH_BASE_URL must be an http(s) URL"),
        ({"STORMPATH_SCHEME": "digest"}, "STORMPATH_SCHEME must be one of SAuthc1, basic"),
        ({"STORMPATH_SESSION_PROTECTION": "max"}, "STORMPATH_SESSION_PROTECTION must be"),
        *(
            ({"STORMPATH_TIMEOUT": bad}, "STORMPATH_TIMEOUT must be a number of seconds above 0")
            for bad in (0, -1, "10", None, True, (1,), (1, 0), (1, 2, 3), [3, 27])
        ),
        *(
            ({"STORMPATH_MAX_TRIES": bad}, "STORMPATH_MAX_TRIES must be a whole number")
            for bad in (0, -2, 1.5, True, "4", None)
        ),
    ],
)
def test_invalid_settings_raise_a_clear_error(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        checked(**overrides)
    assert str(info.value).startswith(message)


def test_init_app_checks_settings() -> None:
    app = Flask(__name__)
    app.config["STORMPATH_APPLICATION"] = "x"
    with pytest.raises(ConfigurationError, match="credentials"):
        StormpathManager(app)
