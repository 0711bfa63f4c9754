"""Stormpath outages (unreachable or 5xx): a friendly 503 page, the cause logged, nothing done."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterator

import pytest
import responses
from flask import Flask
from flask.testing import FlaskClient
from flask_helpers import (
    PASSWORD,
    AppFactory,
    add_demo_views,
    assert_unavailable,
    create_user,
    log_in,
)
from jinja2 import DictLoader

from flask_stormpath import StormpathError, StormpathManager, User

ANY_URL = re.compile(r"https://api\.stormpath\.com/.*")
FORM = {"given_name": "A", "surname": "B", "email": "new@example.com", "password": PASSWORD}


pytestmark = pytest.mark.usefixtures("no_retry_delays")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def unreachable_app() -> Flask:
    """An app whose Stormpath API is a closed loopback port (no emulator running)."""
    app = Flask(__name__)
    app.config.update(
        TESTING=True,
        SECRET_KEY="x",
        WTF_CSRF_ENABLED=False,
        STORMPATH_API_KEY_ID="id",
        STORMPATH_API_KEY_SECRET="secret",
        STORMPATH_APPLICATION="My Application",
        STORMPATH_BASE_URL=f"http://127.0.0.1:{closed_port()}/v1",
    )
    StormpathManager(app)
    add_demo_views(app)
    return app


@pytest.fixture
def warm_app(app: Flask) -> Flask:
    """The emulator-backed app with its application already looked up."""
    with app.app_context():
        app.extensions["stormpath"].application  # noqa: B018
    return app


@pytest.fixture
def failing_api() -> Iterator[responses.RequestsMock]:
    """Every API call answers 503 (registered stubs) or cannot connect (anything else)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        body = {
            "status": 503,
            "code": 503,
            "message": "Down",
            "developerMessage": "Down for maintenance",
        }
        for method in (responses.GET, responses.POST, responses.DELETE):
            mock.add(method, ANY_URL, json=body, status=503)
        yield mock


def test_unreachable_api_on_login(unreachable_app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    client = unreachable_app.test_client()
    assert client.get("/login").status_code == 200  # rendering the form needs no API call
    with caplog.at_level(logging.ERROR):
        response = client.post("/login", data={"login": "a@example.com", "password": PASSWORD})
    assert_unavailable(response)
    assert any("Stormpath API unavailable" in record.getMessage() for record in caplog.records)
    assert any(
        "could not reach the Stormpath API" in record.getMessage() for record in caplog.records
    )


def test_unreachable_api_on_register(unreachable_app: Flask) -> None:
    assert_unavailable(unreachable_app.test_client().post("/register", data=FORM))


def test_5xx_on_register_creates_nothing(
    warm_app: Flask, failing_api: responses.RequestsMock
) -> None:
    client = warm_app.test_client()
    assert_unavailable(client.post("/register", data=FORM))
    failing_api.stop()
    failing_api.reset()
    with warm_app.app_context():
        accounts = warm_app.extensions["stormpath"].application.accounts
        assert list(accounts.search({"email": FORM["email"]})) == []
    assert client.get("/secret").status_code == 302


def test_5xx_on_login(warm_app: Flask, account: User, failing_api: responses.RequestsMock) -> None:
    client = warm_app.test_client()
    assert_unavailable(client.post("/login", data={"login": account.email, "password": PASSWORD}))
    with client.session_transaction() as session:
        assert "_user_id" not in session


@pytest.mark.parametrize(("tries", "calls"), [(None, 4), (1, 1), (2, 2)])
def test_a_page_tries_as_often_as_max_tries_says(
    make_app: AppFactory, tries: int | None, calls: int
) -> None:
    app = make_app(**({} if tries is None else {"STORMPATH_MAX_TRIES": tries}))
    create_user(app)
    client = app.test_client()
    assert log_in(client).status_code == 302
    with app.app_context():
        app.extensions["stormpath"].clear_cache()  # the account must be read again
    with responses.RequestsMock() as mock:
        stub = mock.add(responses.GET, ANY_URL, json={"message": "Down"}, status=503)
        assert_unavailable(client.get("/secret"))
    assert stub.call_count == calls  # the GET of the account, tried again after each 503


def test_outage_while_loading_the_user(
    warm_app: Flask, logged_in: FlaskClient, account: User
) -> None:
    with warm_app.app_context():
        warm_app.extensions["stormpath"].client.data_store.cache.clear()
    with responses.RequestsMock():  # nothing registered: the API is unreachable
        assert_unavailable(logged_in.get("/secret"))
        assert_unavailable(logged_in.get("/admins"))


def test_other_api_errors_in_app_views_are_not_hidden(make_app: AppFactory) -> None:
    app = make_app(TESTING=False)

    @app.route("/boom")
    def boom() -> str:
        raise StormpathError(status=400, code=2000, message="bad input")

    assert app.test_client().get("/boom").status_code == 500


def test_outages_in_app_views_get_the_page(make_app: AppFactory) -> None:
    app = make_app()

    @app.route("/down")
    def down() -> str:
        raise StormpathError(status=502, code=502, message="bad gateway")

    assert_unavailable(app.test_client().get("/down"))


def test_unavailable_template_setting(unreachable_app: Flask) -> None:
    unreachable_app.config["STORMPATH_UNAVAILABLE_TEMPLATE"] = "down.html"
    unreachable_app.jinja_loader = DictLoader({"down.html": "we are down"})  # type: ignore[assignment]
    response = unreachable_app.test_client().post("/register", data=FORM)
    assert (response.status_code, response.get_data(as_text=True)) == (503, "we are down")
