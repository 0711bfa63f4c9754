"""StormpathManager: binding, app factories, several apps, client, application lookup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from flask_helpers import AppFactory, base_config
from flask_login import LoginManager

from flask_stormpath import ConfigurationError, StormpathManager, __version__
from stormpath.cache.null_cache_store import NullCacheStore
from stormpath.client import Client
from stormpath_fake import FakeStormpath


def new_app(fake: FakeStormpath, **config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(base_config(fake))
    app.config.update(config)
    return app


def test_manager_with_app(app: Flask) -> None:
    manager = app.extensions["stormpath"]
    assert isinstance(manager, StormpathManager)
    assert app.stormpath_manager is manager  # type: ignore[attr-defined]
    assert manager.app is app
    assert isinstance(app.login_manager, LoginManager)  # type: ignore[attr-defined]
    assert {"stormpath.register", "stormpath.login", "stormpath.logout"} <= set(app.view_functions)


def test_init_app_for_factories_and_several_apps(fake: FakeStormpath) -> None:
    other_name = "Other Application"
    fake.create_application(other_name)
    manager = StormpathManager()
    first = new_app(fake)
    second = new_app(fake, STORMPATH_APPLICATION=other_name, STORMPATH_LOGIN_URL="/in")
    manager.init_app(first)
    manager.init_app(second)
    assert first.extensions["stormpath"] is manager is second.extensions["stormpath"]
    with first.app_context():
        first_client = manager.client
        assert manager.application.name == "My Application"
        assert manager.client is first_client
    with second.app_context():
        assert manager.client is not first_client
        assert manager.application.name == other_name
    assert second.test_client().get("/in").status_code == 200
    assert first.test_client().get("/in").status_code == 404
    # Outside an app context, the last app bound is used.
    assert manager.application.name == other_name


def test_unbound_manager_says_so() -> None:
    with pytest.raises(RuntimeError, match="init_app"):
        StormpathManager().client  # noqa: B018


def test_manager_not_initialised_for_this_app(app: Flask) -> None:
    other = StormpathManager()
    with app.app_context(), pytest.raises(RuntimeError, match="not initialised"):
        other.client  # noqa: B018


def test_client_settings(make_app: AppFactory, fake: FakeStormpath) -> None:
    app = make_app(STORMPATH_SCHEME="basic", STORMPATH_CACHE={"store": NullCacheStore})
    with app.app_context():
        client = app.extensions["stormpath"].client
        assert isinstance(client, Client)
        assert client.base_url == "https://api.stormpath.com/v1"
        assert client.scheme == "basic"
        assert isinstance(client.data_store.cache.store, NullCacheStore)
        assert client.api_key.id == fake.api_key_id
        agent = client.data_store.executor.session.headers["User-Agent"]
        assert agent.startswith(f"stormpath-flask/{__version__} flask/")
        # Basic auth works against the emulator as well.
        assert app.extensions["stormpath"].application.name == "My Application"
        assert client.data_store.executor.timeout == 10.0
        assert client.data_store.executor.max_tries == 4


def test_timeout_and_tries_settings(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_TIMEOUT=(2, 5), STORMPATH_MAX_TRIES=1)
    with app.app_context():
        manager = app.extensions["stormpath"]
        executor = manager.client.data_store.executor
        assert (executor.timeout, executor.max_tries) == ((2, 5), 1)
        app.config["STORMPATH_MAX_TRIES"] = 2
        manager.clear_cache()  # a changed setting: the next use makes a new client
        assert manager.client.data_store.executor.max_tries == 2


def test_base_url_setting(make_app: AppFactory, fake: FakeStormpath) -> None:
    fake.intercept("https://stormpath.internal.example/v1")
    app = make_app(STORMPATH_BASE_URL="https://stormpath.internal.example/v1")
    with app.app_context():
        application = app.extensions["stormpath"].application
        assert application.href.startswith("https://stormpath.internal.example/v1/applications/")


def test_key_file(make_app: AppFactory, fake: FakeStormpath, tmp_path: Path) -> None:
    key_file = tmp_path / "apiKey.properties"
    key_file.write_text(f"apiKey.id = {fake.api_key_id}\napiKey.secret = {fake.api_key_secret}\n")
    app = make_app(
        STORMPATH_API_KEY_ID=None,
        STORMPATH_API_KEY_SECRET=None,
        STORMPATH_API_KEY_FILE=str(key_file),
    )
    with app.app_context():
        assert app.extensions["stormpath"].application.name == "My Application"


def test_missing_key_file_is_a_configuration_error(make_app: AppFactory, tmp_path: Path) -> None:
    missing = tmp_path / "nope.properties"
    app = make_app(STORMPATH_API_KEY_FILE=str(missing))
    with app.app_context(), pytest.raises(ConfigurationError, match="nope.properties"):
        app.extensions["stormpath"].client  # noqa: B018


def test_application_by_href(make_app: AppFactory, fake: FakeStormpath) -> None:
    app = make_app(STORMPATH_APPLICATION=fake.application_href)
    with app.app_context():
        assert app.extensions["stormpath"].application.name == "My Application"


def test_unknown_application_href(make_app: AppFactory, fake: FakeStormpath) -> None:
    href = fake.application_href + "nope"
    app = make_app(STORMPATH_APPLICATION=href)
    with app.app_context(), pytest.raises(ConfigurationError, match="could not be loaded"):
        app.extensions["stormpath"].application  # noqa: B018


@pytest.mark.parametrize("name", ["My Applicatio", "my application", "Application", "Nope"])
def test_unknown_application_name(make_app: AppFactory, name: str) -> None:
    app = make_app(STORMPATH_APPLICATION=name)
    with app.app_context(), pytest.raises(ConfigurationError) as info:
        app.extensions["stormpath"].application  # noqa: B018
    assert f'No Stormpath application is named "{name}"' in str(info.value)


def test_unknown_application_in_a_view_is_not_an_index_error(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_APPLICATION="Nope")
    client = app.test_client()
    with pytest.raises(ConfigurationError, match='"Nope"'):
        client.post("/login", data={"login": "a@example.com", "password": "x"})


def test_exact_name_wins_over_partial_matches(make_app: AppFactory, fake: FakeStormpath) -> None:
    fake.create_application("My Application Staging")
    app = make_app()
    with app.app_context():
        assert app.extensions["stormpath"].application.name == "My Application"


def test_login_view_property(app: Flask) -> None:
    manager = app.extensions["stormpath"]
    with app.app_context():
        assert manager.login_view == "stormpath.login"
        manager.login_view = "home"
        assert app.login_manager.login_view == "home"  # type: ignore[attr-defined]
    assert app.test_client().get("/secret").headers["Location"] == "/?next=%2Fsecret"


def test_login_manager_settings(make_app: AppFactory) -> None:
    from datetime import timedelta

    app = make_app(
        STORMPATH_COOKIE_DURATION=timedelta(days=7),
        STORMPATH_COOKIE_DOMAIN="example.com",
        STORMPATH_SESSION_PROTECTION="basic",
    )
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=7)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(days=7)
    assert app.config["REMEMBER_COOKIE_DOMAIN"] == "example.com"
    assert app.login_manager.session_protection == "basic"  # type: ignore[attr-defined]


def test_production_code_never_imports_the_emulator() -> None:
    code = "import sys, flask_stormpath; print('stormpath_fake' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_an_application_found_by_name_is_found_again_with_one_read(
    make_app: AppFactory, fake: FakeStormpath
) -> None:
    with make_app().app_context() as context:
        first = context.app.extensions["stormpath"].application.href
    fake.clear_requests()
    with make_app().app_context() as context:  # a new app and client, as in a test per app
        assert context.app.extensions["stormpath"].application.href == first
    assert [f"{call.method} {call.path}" for call in fake.requests] == [
        f"GET {first.removeprefix(fake.base_url)}"
    ]


def test_an_application_renamed_since_it_was_found_is_searched_again(
    make_app: AppFactory, fake: FakeStormpath
) -> None:
    with make_app().app_context() as context:
        old = context.app.extensions["stormpath"].application
        old.name = "Retired Application"
        old.save()
    replacement = fake.create_application("My Application")
    with make_app().app_context() as context:
        assert context.app.extensions["stormpath"].application.href == replacement
    old.delete()
    with make_app().app_context() as context:  # found by name, then deleted: searched again
        context.app.extensions["stormpath"].application.delete()
    with make_app().app_context() as context, pytest.raises(ConfigurationError, match="No Storm"):
        context.app.extensions["stormpath"].application  # noqa: B018
