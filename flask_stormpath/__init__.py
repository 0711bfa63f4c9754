"""Flask-Stormpath: user registration, login and authorization for Flask on a Stormpath API.

Bind it with ``StormpathManager(app)`` or, in an app factory, ``StormpathManager().init_app(app)``;
then use `login_required`, `groups_required`, `user` and the built-in views.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib.metadata import version
from typing import Any
from weakref import WeakKeyDictionary

from flask import Flask, current_app, has_app_context
from flask_login import current_user, login_required, login_user, logout_user

from stormpath.client import Client
from stormpath.error import MissingCredentialsError

from .cli import stormpath_cli
from .context_processors import user, user_context_processor
from .cookies import StormpathLoginManager
from .decorators import groups_required
from .errors import ConfigurationError, StormpathError, is_outage, service_unavailable
from .lookup import find_application
from .models import User, user_created, user_deleted, user_updated
from .routes import add_routes
from .settings import check_settings, init_settings

__version__ = version("Flask-Stormpath")
# Read once: package metadata look-ups cost more than the rest of building a client.
_USER_AGENT = f"stormpath-flask/{__version__} flask/{version('flask')}"

__all__ = [
    "ConfigurationError",
    "StormpathError",
    "StormpathManager",
    "User",
    "current_user",
    "groups_required",
    "login_required",
    "login_user",
    "logout_user",
    "user",
    "user_created",
    "user_deleted",
    "user_updated",
]


# The settings a client is built from (see _build_client): when one changes, the client is stale.
_CLIENT_SETTINGS = (
    "STORMPATH_BASE_URL",
    "STORMPATH_SCHEME",
    "STORMPATH_CACHE",
    "STORMPATH_API_KEY_FILE",
    "STORMPATH_API_KEY_ID",
    "STORMPATH_API_KEY_SECRET",
    "STORMPATH_TIMEOUT",
    "STORMPATH_MAX_TRIES",
)


class _AppState:
    """What one Flask app caches: its client and its application, made on first use, and the
    settings they were made from."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.client: Client | None = None
        self.client_settings: list[Any] = []
        self.application: Any = None
        self.application_setting: str | None = None


class StormpathManager:
    """Binds Stormpath to Flask apps: settings, Flask-Login, the built-in views, templates.

    One manager may serve several apps (``init_app`` for each); `client` and `application` are
    those of the current app (or of the last app bound, outside an app context).
    """

    def __init__(self, app: Flask | None = None) -> None:
        self.app: Flask | None = None
        self._states: WeakKeyDictionary[Flask, _AppState] = WeakKeyDictionary()
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Apply defaults, check the settings, and set up logins, views and templates on `app`.

        Raises `ConfigurationError` when a setting is missing or invalid.
        """
        init_settings(app.config)
        check_settings(app.config)
        self._states[app] = _AppState()
        app.extensions["stormpath"] = self
        app.stormpath_manager = self  # type: ignore[attr-defined]  # 0.4.x attribute
        self._init_login(app, self._states[app])
        add_routes(app)
        app.context_processor(user_context_processor)
        app.register_error_handler(StormpathError, _handle_stormpath_error)
        app.cli.add_command(stormpath_cli)
        self.app = app

    def _init_login(self, app: Flask, state: _AppState) -> None:
        config = app.config
        duration = config["STORMPATH_COOKIE_DURATION"]
        if duration:  # None keeps Flask's and Flask-Login's own lifetimes
            config["REMEMBER_COOKIE_DURATION"] = duration
            config["PERMANENT_SESSION_LIFETIME"] = duration
        config["REMEMBER_COOKIE_DOMAIN"] = config["STORMPATH_COOKIE_DOMAIN"]
        login_manager = StormpathLoginManager()
        # Our context processor provides `current_user` lazily: Flask-Login's loads the user
        # for every template, which would fail while rendering the outage page.
        login_manager.init_app(app, add_context_processor=False)
        login_manager.user_loader(self._user_loader(state))
        login_manager.session_protection = config["STORMPATH_SESSION_PROTECTION"]
        if config["STORMPATH_ENABLE_LOGIN"]:
            login_manager.login_view = "stormpath.login"

    def _app(self) -> Flask:
        if has_app_context():
            return current_app._get_current_object()  # type: ignore[attr-defined]
        if self.app is None:
            raise RuntimeError("StormpathManager is not bound to an app: call init_app(app).")
        return self.app

    def _state(self, app: Flask | None = None) -> tuple[Flask, _AppState]:
        app = app or self._app()
        try:
            return app, self._states[app]
        except KeyError:
            raise RuntimeError(
                f"StormpathManager was not initialised for app {app.name!r}."
            ) from None

    @property
    def client(self) -> Client:
        """The Stormpath client of the current app, created on first use."""
        app, state = self._state()
        if state.client is None:
            with state.lock:
                if state.client is None:
                    state.client = _build_client(app.config)
                    state.client_settings = [app.config[name] for name in _CLIENT_SETTINGS]
        return state.client

    @property
    def application(self) -> Any:
        """The current app's Stormpath application (looked up once, then kept).

        Raises `ConfigurationError` naming `STORMPATH_APPLICATION` when it matches no
        application, or several.
        """
        app, state = self._state()
        if state.application is None:
            client = self.client
            with state.lock:
                if state.application is None:
                    state.application_setting = app.config["STORMPATH_APPLICATION"]
                    state.application = find_application(client, state.application_setting)
        return state.application

    def clear_cache(self, app: Flask | None = None) -> None:
        """Forget the Stormpath data cached for `app` (the current app by default).

        Empties the client's cache (its whole store: a Redis or Memcached store shared with
        other processes is emptied too), so accounts, groups and custom data are read from the
        API again. The client and the application are kept (no API call is needed to go on)
        unless the settings they were made from changed since: a change of key, base URL,
        scheme, cache, timeout or tries setting drops both, a change of
        ``STORMPATH_APPLICATION`` the application; they are made again on next use. For tests
        that keep one app while the service's data is replaced under it (the pytest plugin
        calls it after each test in fake mode), or after changing such settings at run time.
        """
        app, state = self._state(app)
        with state.lock:
            if state.client is not None:
                state.client.data_store.cache.clear()
                if state.client_settings != [app.config[name] for name in _CLIENT_SETTINGS]:
                    state.client = state.application = None
            if state.application_setting != app.config["STORMPATH_APPLICATION"]:
                state.application = None

    @property
    def login_view(self) -> str | None:
        """Flask-Login's login view endpoint for the current app."""
        return self._app().login_manager.login_view  # type: ignore[attr-defined]

    @login_view.setter
    def login_view(self, value: str | None) -> None:
        self._app().login_manager.login_view = value  # type: ignore[attr-defined]

    @staticmethod
    def load_user(account_href: str) -> User | None:
        """Flask-Login's user loader: the account at `account_href`, read through the cache.

        An account that no longer exists, an href outside `STORMPATH_BASE_URL`, or any refusal
        from the API gives None, i.e. an anonymous visitor; an outage propagates and becomes the
        503 page.
        """
        return _load_user(account_href, current_app.extensions["stormpath"].client)

    def _user_loader(self, state: _AppState) -> Callable[[str], User | None]:
        """`load_user` for the app whose state is `state`: it runs on every authenticated
        request, so it goes to the app's client without finding the app again."""

        def load_user(account_href: str) -> User | None:
            client = state.client
            return _load_user(account_href, self.client if client is None else client)

        return load_user


def _load_user(account_href: str, client: Client) -> User | None:
    """`StormpathManager.load_user` with the app's client."""
    try:
        return User.from_href(account_href, client)
    except ValueError:
        # Not an href of this API (e.g. a session from another deployment).
        return None
    except StormpathError as error:
        if is_outage(error):
            raise
        return None


def _build_client(config: Any) -> Client:
    """A client for the app's settings (key file first, as 0.4.x did)."""
    options: dict[str, Any] = {
        "base_url": config["STORMPATH_BASE_URL"],
        "scheme": config["STORMPATH_SCHEME"],
        "cache_options": config["STORMPATH_CACHE"],
        "user_agent": _USER_AGENT,
        "timeout": config["STORMPATH_TIMEOUT"],
        "max_tries": config["STORMPATH_MAX_TRIES"],
    }
    key_file = config["STORMPATH_API_KEY_FILE"]
    try:
        if key_file:
            return Client(api_key_file_location=key_file, **options)
        return Client(
            id=config["STORMPATH_API_KEY_ID"], secret=config["STORMPATH_API_KEY_SECRET"], **options
        )
    except MissingCredentialsError as error:
        # e.g. an unreadable key file: say which setting to fix.
        raise ConfigurationError(f"Check STORMPATH_API_KEY_FILE: {error}") from error


def _handle_stormpath_error(error: StormpathError) -> Any:
    """Outages anywhere in a request (user loading, decorators, app views) give the 503 page."""
    if is_outage(error):
        return service_unavailable(error)
    raise error
