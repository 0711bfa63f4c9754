"""Social login with Google and Facebook: a server-side OAuth 2 authorization-code flow.

0.4.6 built the Google URL in a template and read Facebook's JavaScript-SDK cookie. Here both
providers use the same flow, done by Authlib on the server, at the 0.4.6 URLs (``/google`` and
``/facebook``, which are also the redirect URIs):

1. ``GET /google?next=/secret`` (the login page's button): a random ``state`` (and, for Google,
   a PKCE verifier) goes into the session, and the browser is sent to the provider.
2. The provider sends the browser back to the same URL with ``code`` and ``state`` (or
   ``error``). The state must be the one this session started with; the code is exchanged for
   an access token at the provider's token endpoint.
3. The access token goes to Stormpath (``providerData``), which reads the profile and finds or
   creates the account. When the application has no directory for the provider, one named
   ``<application>-<provider>`` is created and mapped once, as 0.4.6 did, and the call retried.
4. The user is logged in on a fresh session and sent to the same-site ``next`` or
   ``STORMPATH_REDIRECT_URL``.

Any failure (consent refused, state mismatch, provider error or outage, Stormpath refusal) goes
back to the login page with a message; a Stormpath outage shows the 503 page, as every view does.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from flask import current_app, flash, redirect, request, session, url_for
from werkzeug.wrappers import Response

from .errors import StormpathError, error_message, is_outage, service_unavailable
from .models import User, announce, user_created
from .redirects import safe_redirect_target
from .views import start_session

__all__ = [
    "FACEBOOK",
    "GOOGLE",
    "PROVIDERS",
    "SocialProvider",
    "routes",
    "ensure_provider_directory",
    "facebook_login",
    "google_login",
]

#: Seconds to wait for a provider's token endpoint.
PROVIDER_TIMEOUT = 10

# Messages shown on the login page ({provider} is "Google" or "Facebook").
STATE_MESSAGE = "Your {provider} login expired or was not started here. Please try again."
DENIED_MESSAGE = "You cancelled the {provider} login."
PROVIDER_ERROR_MESSAGE = "{provider} could not log you in. Please try again."
UNREACHABLE_MESSAGE = "{provider} cannot be reached right now. Please try again later."
DISABLED_MESSAGE = "Your account is not enabled, so you cannot log in."

# Where 0.4.6 put auto-created provider directories in the application's login order.
_DIRECTORY_LIST_INDEX = 99
# Stormpath's codes for a store that is already mapped, and a name that is taken.
_ALREADY_MAPPED = 5104
_NAME_TAKEN = 2001


@dataclass(frozen=True)
class SocialProvider:
    """What differs between providers: names, settings keys, scopes and OAuth details."""

    provider_id: str  # Stormpath's providerId, and the view's name prefix
    label: str
    settings_key: str  # key in STORMPATH_SOCIAL
    id_key: str
    secret_key: str
    scopes: tuple[str, ...]
    pkce: bool
    token_auth_method: str

    @property
    def endpoint(self) -> str:
        """The view's endpoint name, as in 0.4.6 (``google_login``, ``facebook_login``)."""
        return f"{self.provider_id}_login"

    def setting(self, name: str) -> str:
        """``STORMPATH_GOOGLE_<name>`` and the like."""
        return f"STORMPATH_{self.settings_key}_{name}"

    @property
    def session_key(self) -> str:
        return f"_stormpath_{self.provider_id}_login"

    def say(self, template: str) -> str:
        """One of this module's messages, naming the provider."""
        return template.format(provider=self.label)


GOOGLE = SocialProvider(
    provider_id="google",
    label="Google",
    settings_key="GOOGLE",
    id_key="client_id",
    secret_key="client_secret",
    scopes=("email", "profile"),
    pkce=True,
    token_auth_method="client_secret_basic",
)
FACEBOOK = SocialProvider(
    provider_id="facebook",
    label="Facebook",
    settings_key="FACEBOOK",
    id_key="app_id",
    secret_key="app_secret",
    scopes=("email",),
    # Facebook's web flow has no PKCE for confidential apps; the secret authenticates us.
    pkce=False,
    token_auth_method="client_secret_post",
)
PROVIDERS = {provider.provider_id: provider for provider in (GOOGLE, FACEBOOK)}

_directory_lock = threading.Lock()


def google_login() -> Any:
    """``/google``: start the Google login, or finish it when Google sends the user back."""
    return _login(GOOGLE)


def facebook_login() -> Any:
    """``/facebook``: start the Facebook login, or finish it when Facebook sends the user back."""
    return _login(FACEBOOK)


_VIEWS = {GOOGLE: google_login, FACEBOOK: facebook_login}


def routes(config: Any) -> tuple[tuple[str, str, Any, tuple[str, ...]], ...]:
    """(URL, endpoint, view, methods) of every enabled provider's view (decided when the app is
    bound, as 0.4.x did)."""
    return tuple(
        (config[provider.setting("LOGIN_URL")], provider.endpoint, view, ("GET",))
        for provider, view in _VIEWS.items()
        if config[f"STORMPATH_ENABLE_{provider.settings_key}"]
    )


def _login(provider: SocialProvider) -> Any:
    # The provider always sends `state` back, with either `code` or `error`.
    if any(name in request.args for name in ("state", "code", "error")):
        return _finish(provider)
    return _start(provider)


def _settings(provider: SocialProvider) -> dict[str, Any]:
    return dict(current_app.config["STORMPATH_SOCIAL"][provider.settings_key])


def _redirect_uri(provider: SocialProvider) -> str:
    """Where the provider sends users back: ``redirect_uri`` if set, else this view's URL."""
    configured = _settings(provider).get("redirect_uri")
    return str(configured or url_for(f"stormpath.{provider.endpoint}", _external=True))


def _oauth(provider: SocialProvider) -> OAuth2Session:
    settings = _settings(provider)
    scopes = list(dict.fromkeys([*provider.scopes, *settings.get("scopes", ())]))
    return OAuth2Session(
        client_id=settings[provider.id_key],
        client_secret=settings[provider.secret_key],
        scope=scopes,
        redirect_uri=_redirect_uri(provider),
        code_challenge_method="S256" if provider.pkce else None,
        token_endpoint_auth_method=provider.token_auth_method,
    )


def _start(provider: SocialProvider) -> Response:
    """Remember state (and the PKCE verifier) in the session, then go to the provider."""
    pending: dict[str, Any] = {"state": secrets.token_urlsafe(32)}
    nxt = request.args.get("next")
    if nxt is not None:
        pending["next"] = safe_redirect_target(nxt, current_app.config["STORMPATH_REDIRECT_URL"])
    extra: dict[str, str] = {}
    if provider.pkce:
        pending["verifier"] = secrets.token_urlsafe(64)
    hosted_domain = _settings(provider).get("hd")
    if hosted_domain:
        extra["hd"] = hosted_domain
    with _oauth(provider) as oauth:
        url, _ = oauth.create_authorization_url(
            current_app.config[provider.setting("AUTHORIZE_URL")],
            state=pending["state"],
            code_verifier=pending.get("verifier"),
            **extra,
        )
    # One login per provider at a time: a new start replaces an unfinished one.
    session[provider.session_key] = pending
    return redirect(url)


def _finish(provider: SocialProvider) -> Any:
    """Check the state, exchange the code, and log the Stormpath account in."""
    # Single use: whatever happens next, this state cannot be replayed.
    pending = session.pop(provider.session_key, None)
    state = request.args.get("state", "")
    if not isinstance(pending, dict) or not secrets.compare_digest(
        state.encode(), str(pending.get("state", "")).encode()
    ):
        return _back_to_login(provider.say(STATE_MESSAGE), None)
    nxt = pending.get("next")
    error = request.args.get("error")
    if error is not None:
        current_app.logger.info("%s login refused: %s", provider.label, error)
        message = DENIED_MESSAGE if error == "access_denied" else PROVIDER_ERROR_MESSAGE
        return _back_to_login(provider.say(message), nxt)
    code = request.args.get("code")
    if not code:
        return _back_to_login(provider.say(PROVIDER_ERROR_MESSAGE), nxt)
    access_token = _exchange(provider, code, pending.get("verifier"), nxt)
    if isinstance(access_token, Response):
        return access_token
    try:
        user, created = _provider_user(provider, access_token)
    except StormpathError as failure:
        if is_outage(failure):
            return service_unavailable(failure)
        current_app.logger.warning("%s login refused by Stormpath: %s", provider.label, failure)
        return _back_to_login(error_message(failure), nxt)
    if created:
        announce(user_created, User, user)
    if not start_session(user):
        return _back_to_login(DISABLED_MESSAGE, nxt)
    return redirect(nxt or current_app.config["STORMPATH_REDIRECT_URL"])


def _exchange(
    provider: SocialProvider, code: str, verifier: str | None, nxt: str | None
) -> str | Response:
    """The provider's access token for `code`, or the redirect back to the login page."""
    token_url = current_app.config[provider.setting("TOKEN_URL")]
    try:
        with _oauth(provider) as oauth:
            token = oauth.fetch_token(
                token_url,
                grant_type="authorization_code",
                code=code,
                code_verifier=verifier,
                timeout=PROVIDER_TIMEOUT,
            )
    except requests.RequestException as failure:
        current_app.logger.error("%s token endpoint unreachable: %s", provider.label, failure)
        return _back_to_login(provider.say(UNREACHABLE_MESSAGE), nxt)
    except (AuthlibBaseError, ValueError) as failure:
        current_app.logger.warning("%s refused the code: %s", provider.label, failure)
        return _back_to_login(provider.say(PROVIDER_ERROR_MESSAGE), nxt)
    access_token = token.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        current_app.logger.warning("%s answered no access token", provider.label)
        return _back_to_login(provider.say(PROVIDER_ERROR_MESSAGE), nxt)
    return access_token


def _back_to_login(message: str, nxt: str | None) -> Response:
    """Flash `message` and show the login page again (keeping ``next``)."""
    flash(message)
    config = current_app.config
    if not config["STORMPATH_ENABLE_LOGIN"]:
        return redirect(config["STORMPATH_REDIRECT_URL"])
    return redirect(url_for("stormpath.login", next=nxt) if nxt else url_for("stormpath.login"))


def _provider_user(provider: SocialProvider, access_token: str) -> tuple[User, bool]:
    """Stormpath's account for the token (created if new); True when it was created."""
    application = current_app.extensions["stormpath"].application
    try:
        account = application.get_provider_account(provider.provider_id, access_token=access_token)
    except StormpathError as failure:
        if is_outage(failure) or not ensure_provider_directory(provider):
            raise
        account = application.get_provider_account(provider.provider_id, access_token=access_token)
    return User.from_account(account), account.is_new_account


def ensure_provider_directory(provider: SocialProvider) -> bool:
    """Create and map the application's `provider` directory unless one is mapped already.

    As 0.4.6 did: the directory is named ``<application name>-<provider id>``, carries the
    client id and secret (and, for Google, the redirect URI), and is mapped at the end of the
    login order without becoming a default store. An unmapped directory of that name (left by
    an earlier attempt) is reused. Returns True when it mapped one now, False when one was
    already mapped (so the caller's error stands).
    """
    manager = current_app.extensions["stormpath"]
    application = manager.application
    with _directory_lock:
        if _has_provider_directory(application, provider.provider_id):
            return False
        directory = _provider_directory(manager.client, application.name, provider)
        try:
            manager.client.account_store_mappings.create(
                {
                    "application": application,
                    "account_store": directory,
                    "list_index": _DIRECTORY_LIST_INDEX,
                    "is_default_account_store": False,
                    "is_default_group_store": False,
                }
            )
        except StormpathError as failure:
            if failure.code != _ALREADY_MAPPED:  # another process mapped it meanwhile
                raise
    current_app.logger.info(
        "Created and mapped the %s directory %s", provider.label, directory.href
    )
    return True


def _has_provider_directory(application: Any, provider_id: str) -> bool:
    for mapping in application.account_store_mappings:
        store = mapping.account_store
        if "/directories/" in str(store.href) and store.provider.provider_id == provider_id:
            return True
    return False


def _provider_directory(client: Any, application_name: str, provider: SocialProvider) -> Any:
    """The directory named for the application and provider, created if missing."""
    name = f"{application_name}-{provider.provider_id}"
    existing = _directory_named(client, name)
    if existing is not None:
        return existing
    settings = _settings(provider)
    provider_data = {
        "provider_id": provider.provider_id,
        "client_id": settings[provider.id_key],
        "client_secret": settings[provider.secret_key],
    }
    if provider is GOOGLE:
        provider_data["redirect_uri"] = _redirect_uri(provider)
    body = {
        "name": name,
        "description": f"{provider.label} accounts of {application_name}",
        "provider": provider_data,
    }
    try:
        return client.directories.create(body)
    except StormpathError as failure:
        found = _directory_named(client, name) if failure.code == _NAME_TAKEN else None
        if found is None:
            raise
        return found  # created by another process meanwhile


def _directory_named(client: Any, name: str) -> Any:
    return next((d for d in client.directories.search({"name": name}) if d.name == name), None)
