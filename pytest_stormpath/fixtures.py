"""The public fixtures of pytest_stormpath (see ``pytest --fixtures`` and docs/testing.md).

They need an ``app`` fixture returning the Flask application (the pytest-flask convention).
In fake mode the emulator is reset before every test; against the real service every account
and group a fixture created is deleted when the test ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from pytest_stormpath.errors import FixtureError
from pytest_stormpath.session import StormpathSession

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient
    from werkzeug.test import TestResponse

    from flask_stormpath import StormpathManager, User
    from pytest_stormpath.accounts import AccountMaker
    from stormpath_fake import FakeStormpath

SESSION_KEY = pytest.StashKey[StormpathSession]()
MARKER = "stormpath"
MARKER_DOC = (
    "stormpath(groups=None, settings=None, user=None): shape the Stormpath fixtures for one "
    "test: groups for logged_in_user, app.config settings for the test, account fields for "
    "logged_in_user"
)
_MARKER_KEYS = frozenset({"groups", "settings", "user"})
_FAKE_ONLY = "needs the Stormpath emulator: run with --stormpath-fake (or STORMPATH_FAKE=1)"


def _fail(message: str) -> NoReturn:
    """Fail the test with ``message`` alone: a traceback into the plugin would not help."""
    pytest.fail(message, pytrace=False)


def stormpath_session(config: pytest.Config) -> StormpathSession:
    """The plugin's state for this run."""
    return config.stash[SESSION_KEY]


def app_from(request: pytest.FixtureRequest, who: str) -> Flask:
    """The user's ``app`` fixture, or a readable failure naming ``who`` needed it."""
    from flask import Flask

    try:
        app = request.getfixturevalue("app")
    except pytest.FixtureLookupError:
        _fail(
            f"pytest_stormpath ({who}) needs an `app` fixture that returns your Flask application "
            "(the pytest-flask convention); define one in conftest.py"
        )
    if not isinstance(app, Flask):
        _fail(
            f"pytest_stormpath ({who}): the `app` fixture returned {type(app).__name__}, "
            "not a Flask application"
        )
    return app


def _marker(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The ``stormpath`` marker's keyword arguments (closest wins), checked."""
    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        return {}
    unknown = sorted(set(marker.kwargs) - _MARKER_KEYS)
    if marker.args or unknown:
        _fail(
            "@pytest.mark.stormpath takes only the keywords groups=[...], settings={...}, "
            f"user={{...}}; got {', '.join([*map(repr, marker.args), *unknown])}"
        )
    shapes = (
        ("groups", (list, tuple), "list of group names"),
        ("settings", Mapping, "dict of app.config settings"),
        ("user", Mapping, "dict of account fields"),
    )
    for key, kind, description in shapes:
        value = marker.kwargs.get(key)
        if value is not None and not isinstance(value, kind):
            _fail(f"@pytest.mark.stormpath({key}=...) must be a {description}, not {value!r}")
    return dict(marker.kwargs)


def _apply_settings(
    request: pytest.FixtureRequest, app: Flask, settings: Mapping[str, Any]
) -> None:
    """Set ``settings`` in ``app.config`` for this test only."""
    missing = object()
    saved = {key: app.config.get(key, missing) for key in settings}

    def restore() -> None:
        for key, value in saved.items():
            if value is missing:
                app.config.pop(key, None)
            else:
                app.config[key] = value

    request.addfinalizer(restore)
    app.config.update(settings)


@pytest.fixture(autouse=True)
def _stormpath_test_state(request: pytest.FixtureRequest) -> None:
    """The marker's settings applied to ``app``; the app's base URL served by the emulator;
    the app's Stormpath cache emptied after the test.

    It looks at the ``app`` fixture only when it has something to do with it, and leaves an
    ``app`` that is not a Flask application (another framework's) alone. (The emulator is
    reset in ``pytest_runtest_setup``, before any fixture runs.)
    """
    session = stormpath_session(request.config)
    settings = _marker(request).get("settings") or {}
    if "app" not in request.fixturenames:
        if settings:
            _fail("@pytest.mark.stormpath(settings=...) needs an `app` fixture to apply them to")
        return
    if session.fake is None and not settings:
        return
    if settings:
        app = app_from(request, "@pytest.mark.stormpath(settings=...)")
    else:
        from flask import Flask

        app = request.getfixturevalue("app")
        if not isinstance(app, Flask):
            return
    manager = _manager(app)
    if manager is not None:
        # Registered before the settings' finalizer, so it runs after it. An app kept across
        # tests would otherwise serve this test's accounts from its cache once the emulator
        # is reset, and keep a client or application made from this test's settings.
        request.addfinalizer(lambda: manager.clear_cache(app))
    if settings:
        _apply_settings(request, app, settings)
        if manager is not None:
            manager.clear_cache(app)  # a client or application made from other settings goes
    session.intercept(app.config.get("STORMPATH_BASE_URL"))


def _manager(app: Flask) -> StormpathManager | None:
    from flask_stormpath import StormpathManager

    manager = app.extensions.get("stormpath")
    return manager if isinstance(manager, StormpathManager) else None


@pytest.fixture(scope="session")
def stormpath_fake(request: pytest.FixtureRequest) -> FakeStormpath:
    """The running Stormpath emulator (``stormpath_fake.FakeStormpath``), reset before each test.

    Session-scoped, so a session-scoped ``app`` fixture may read its API key
    (``api_key_id``, ``api_key_secret``) and ``application_href`` ("My Application"). It keeps
    its href across resets, as do the applications provisioned for your apps (emptied).

    Its admin handle: ``outbox`` (emails), ``requests`` (the API call journal),
    ``count_calls(method, pattern)`` and ``assert_called(method, pattern, times=None)`` to
    guard against extra round trips, ``clock`` (``now()``, ``advance(...)``), ``reset()``,
    ``create_account(href, **fields)`` (no request).
    Skips the tests using it outside fake mode.
    """
    fake = stormpath_session(request.config).fake
    if fake is None:
        pytest.skip(f"stormpath_fake {_FAKE_ONLY}")
    return fake


@pytest.fixture(scope="session")
def stormpath_server(request: pytest.FixtureRequest) -> Any:
    """A real HTTP server on 127.0.0.1 sharing the emulator's state (session-scoped).

    For browsers and other languages: point them at ``stormpath_server.base_url``. Hrefs it
    returns start with that URL. Skips outside fake mode.
    """
    session = stormpath_session(request.config)
    if session.fake is None:
        pytest.skip(f"stormpath_server {_FAKE_ONLY}")
    return session.server()


@pytest.fixture
def stormpath_outbox(stormpath_fake: FakeStormpath) -> Any:
    """The emails the Stormpath service would have sent during this test (fake mode only)."""
    return stormpath_fake.outbox


@pytest.fixture
def _stormpath_accounts(request: pytest.FixtureRequest) -> Iterator[AccountMaker]:
    """The account maker the user fixtures share; deletes its work against a real service."""
    from pytest_stormpath.accounts import AccountMaker

    session = stormpath_session(request.config)
    app = app_from(request, "make_user, logged_in_user, group_member")
    # The user fixtures look `app` up by name, so the autouse fixture may not have seen it.
    session.intercept(app.config.get("STORMPATH_BASE_URL"))
    maker = AccountMaker(
        app,
        session.users,
        fake=session.fake,
        identifiers=session.identifiers,
        fake_applications=session.fake_applications,
    )
    yield maker
    _readable(maker.cleanup)


def _readable(action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return action(*args, **kwargs)
    except FixtureError as error:
        message = str(error)
    # Failing outside the except block keeps the chained client errors out of the report.
    _fail(message)


@pytest.fixture
def make_user(_stormpath_accounts: AccountMaker) -> Callable[..., User]:
    """Factory: ``make_user(**fields)`` creates an account in the app's Stormpath application.

    Fields are those of ``flask_stormpath.User.create`` (email, password, given_name, surname,
    username, middle_name, custom_data, status) plus ``groups=[names]`` (created when missing).
    Whatever is not given is realistic Faker data, with a password meeting the directory's
    policy. Returns the ``flask_stormpath.User``; ``user.plain_password`` is its password.
    """

    def make(**fields: Any) -> User:
        groups = fields.pop("groups", ())
        return _readable(_stormpath_accounts.create_user, groups, **fields)

    return make


def _log_in(maker: AccountMaker, client: FlaskClient, user: User) -> User:
    from pytest_stormpath.accounts import log_in

    _readable(log_in, maker.app, client, user, maker.identifiers)
    return user


@pytest.fixture
def logged_in_user(
    request: pytest.FixtureRequest, _stormpath_accounts: AccountMaker, client: FlaskClient
) -> User:
    """A new user whose session is active in the ``client`` fixture.

    Logging in costs no Stormpath call: the Flask-Login session is written into the client.
    ``@pytest.mark.stormpath(user={...}, groups=[...])`` sets its fields and groups.
    """
    shape = _marker(request)
    with _stormpath_accounts.acting_as("logged_in_user") as maker:
        user = _readable(maker.create_user, shape.get("groups") or (), **(shape.get("user") or {}))
    return _log_in(_stormpath_accounts, client, user)


@pytest.fixture
def logged_in_client(logged_in_user: User, client: FlaskClient) -> FlaskClient:
    """The ``client`` fixture, with ``logged_in_user``'s session active."""
    return client


@pytest.fixture
def group_member(_stormpath_accounts: AccountMaker, client: FlaskClient) -> Callable[..., User]:
    """Factory: ``group_member(*groups, **fields)`` returns a user in those groups, logged in.

    Missing groups are created. The session goes into the ``client`` fixture (a second call
    replaces the first user's session). ``fields`` are as for ``make_user``.
    """

    def member(*groups: str, **fields: Any) -> User:
        with _stormpath_accounts.acting_as("group_member") as maker:
            user = _readable(maker.create_user, groups, **fields)
        return _log_in(_stormpath_accounts, client, user)

    return member


@pytest.fixture
def follow_email_link(client: FlaskClient) -> Callable[..., TestResponse]:
    """Factory: ``follow_email_link(email, data=None, *, client=None, **kwargs)`` follows the
    link of an email from ``stormpath_outbox`` (password reset, email verification) through the
    test client, as the user's browser would, and returns the response.

    A GET of the link's path and query (``/forgot/change?sptoken=...``); with ``data``, a POST
    of that form to it (e.g. ``{"password": ..., "password_again": ...}``). ``email`` may also
    be the link itself. ``client`` defaults to the ``client`` fixture; ``kwargs`` go to the
    client (``follow_redirects=True``, ...).
    """
    from pytest_stormpath.emails import follow_link

    def follow(
        email: Any,
        data: Mapping[str, Any] | None = None,
        *,
        client: FlaskClient = client,
        **kwargs: Any,
    ) -> TestResponse:
        return _readable(follow_link, client, email, data, **kwargs)

    return follow


@pytest.fixture
def social_login(
    request: pytest.FixtureRequest, stormpath_fake: FakeStormpath, client: FlaskClient
) -> Callable[..., User]:
    """Factory: ``social_login(provider, *, email=None, given_name=None, surname=None,
    next=None)`` logs in to ``client`` through Google or Facebook (``"google"``,
    ``"facebook"``) and returns the ``flask_stormpath.User``.

    The whole flow runs through the app's views against the emulator's fake provider, which
    learns the app's client credentials and the identity on the way; the app needs
    ``STORMPATH_ENABLE_GOOGLE`` (or ``_FACEBOOK``) and ``STORMPATH_SOCIAL``. What is not given
    is Faker data. Fake mode only.
    """
    from pytest_stormpath.social import SocialLoginError
    from pytest_stormpath.social import social_login as log_in_with

    users = stormpath_session(request.config).users

    def login(
        provider: str,
        *,
        email: str | None = None,
        given_name: str | None = None,
        surname: str | None = None,
        next: str | None = None,
    ) -> User:
        made_up = users.fields()
        try:
            return log_in_with(
                stormpath_fake,
                client,
                provider,
                email=email or made_up["email"],
                given_name=given_name or made_up["given_name"],
                surname=surname or made_up["surname"],
                next=next,
            )
        except SocialLoginError as error:
            message = f"social_login: {error}"
        _fail(message)

    return login
