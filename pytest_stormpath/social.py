"""A one-line social login for tests: the whole Google or Facebook flow against the emulator.

``social_login(fake, client, "google", email="ada@example.com")`` goes through the app's real
views exactly as a browser would (start at ``/google``, pick the identity on the fake provider's
page, come back with the code) and returns the logged-in `User`. The fake provider learns the
app's client id, secret and redirect URI, and the identity, on the way. This module does not
import pytest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import requests

if TYPE_CHECKING:
    from flask.testing import FlaskClient

    from flask_stormpath.models import User
    from stormpath_fake import FakeStormpath

__all__ = ["SocialLoginError", "social_login"]

# STORMPATH_SOCIAL keys of each provider's client id and secret.
_CREDENTIAL_KEYS = {"google": ("client_id", "client_secret"), "facebook": ("app_id", "app_secret")}


class SocialLoginError(AssertionError):
    """The social login did not end with a logged-in user (the message says what happened)."""


def social_login(
    fake: FakeStormpath,
    client: FlaskClient,
    provider: str,
    *,
    email: str,
    given_name: str | None = "Social",
    surname: str | None = "User",
    next: str | None = None,
) -> User:
    """Log `email` in through `provider` ("google" or "facebook") and return the `User`.

    The app must enable the provider (``STORMPATH_ENABLE_GOOGLE`` and ``STORMPATH_SOCIAL``) and
    reach the fake provider: in-process (the fake is started; the default endpoint settings) or
    a served emulator (``STORMPATH_GOOGLE_AUTHORIZE_URL`` and ``_TOKEN_URL`` pointing at it).
    Raises `SocialLoginError` with the page's messages when the login fails.
    """
    if provider not in _CREDENTIAL_KEYS:
        raise ValueError(f"provider must be one of {sorted(_CREDENTIAL_KEYS)}, not {provider!r}")
    fake_provider = getattr(fake, provider)
    app = client.application
    view_url = app.config[f"STORMPATH_{provider.upper()}_LOGIN_URL"]
    start = client.get(view_url, query_string={"next": next} if next else None)
    authorize_url = start.headers.get("Location", "")
    if start.status_code != 302 or not authorize_url.startswith(("http://", "https://")):
        raise SocialLoginError(
            f"GET {view_url} answered {start.status_code}, not a redirect to {provider}: "
            f"is STORMPATH_ENABLE_{provider.upper()} on?"
        )
    redirect_uri = parse_qs(urlsplit(authorize_url).query)["redirect_uri"][0]
    id_key, secret_key = _CREDENTIAL_KEYS[provider]
    settings = app.config["STORMPATH_SOCIAL"][provider.upper()]
    fake_provider.add_client(settings[id_key], settings[secret_key], [redirect_uri])
    identity = fake_provider.add_identity(email, given_name, surname)
    consent = requests.post(
        authorize_url,
        data={"decision": "allow", "identity": identity.user_id},
        allow_redirects=False,
        timeout=10,
    )
    if consent.status_code != 302:
        raise SocialLoginError(
            f"the fake {provider} refused the login ({consent.status_code}): {consent.text}"
        )
    back = urlsplit(consent.headers["Location"])
    finish = client.get(f"{back.path}?{back.query}")
    return _logged_in_user(client, finish.status_code, finish.headers.get("Location"))


def _logged_in_user(client: FlaskClient, status: int, location: str | None) -> User:
    from flask_stormpath.models import User

    with client.session_transaction() as session:
        href = session.get("_user_id")
        messages: list[Any] = [message for _, message in session.get("_flashes", [])]
    if not href:
        raise SocialLoginError(
            f"social login ended with {status} to {location!r}, nobody logged in: {messages}"
        )
    with client.application.app_context():
        return User.from_href(href)
