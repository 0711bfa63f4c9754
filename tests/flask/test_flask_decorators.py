"""`login_required` and every branch of `groups_required`."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_helpers import AppFactory, log_in

from flask_stormpath import User, groups_required, login_required
from stormpath_fake import FakeStormpath


def make_group(app: Flask, name: str) -> Any:
    with app.app_context():
        return app.extensions["stormpath"].application.groups.create({"name": name})


def join(app: Flask, account: User, group: Any) -> None:
    with app.app_context():
        User.from_href(account.href).add_group(group)


@pytest.fixture
def groups(app: Flask) -> dict[str, Any]:
    return {name: make_group(app, name) for name in ("admins", "editors")}


def test_login_required_lets_users_in(logged_in: FlaskClient) -> None:
    assert logged_in.get("/secret").status_code == 200


def test_login_required_redirects_anonymous_users(client: FlaskClient) -> None:
    response = client.get("/secret")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fsecret"


def test_anonymous_users_are_sent_to_login(client: FlaskClient, groups: dict[str, Any]) -> None:
    response = client.get("/admins")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fadmins"


def test_users_without_the_group_are_sent_to_login(
    logged_in: FlaskClient, groups: dict[str, Any]
) -> None:
    response = logged_in.get("/admins")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_member_of_the_group_gets_in(
    app: Flask, logged_in: FlaskClient, account: User, groups: dict[str, Any]
) -> None:
    join(app, account, groups["admins"])
    assert logged_in.get("/admins").get_data(as_text=True) == "admins only"


def test_all_requires_every_group(app: Flask, account: User, groups: dict[str, Any]) -> None:
    @app.route("/both")
    @groups_required(["admins", "editors"])
    def both() -> str:
        return "both"

    client = app.test_client()
    log_in(client)
    join(app, account, groups["admins"])
    assert client.get("/both").status_code == 302
    join(app, account, groups["editors"])
    assert client.get("/both").status_code == 200


def test_any_needs_one_group(
    app: Flask, logged_in: FlaskClient, account: User, groups: dict[str, Any]
) -> None:
    assert logged_in.get("/staff").status_code == 302
    join(app, account, groups["editors"])
    assert logged_in.get("/staff").get_data(as_text=True) == "staff only"


@pytest.mark.parametrize("form", ["object", "href", "name"])
def test_groups_as_objects_hrefs_or_names(
    app: Flask, account: User, groups: dict[str, Any], form: str
) -> None:
    group = groups["editors"]
    wanted = {"object": group, "href": group.href, "name": "editors"}[form]

    @app.route("/by-form")
    @groups_required([wanted])
    def by_form() -> str:
        return "ok"

    client = app.test_client()
    log_in(client)
    assert client.get("/by-form").status_code == 302
    join(app, account, group)
    assert client.get("/by-form").status_code == 200


def test_removal_takes_effect(
    app: Flask, logged_in: FlaskClient, account: User, groups: dict[str, Any]
) -> None:
    join(app, account, groups["admins"])
    assert logged_in.get("/admins").status_code == 200
    with app.app_context():
        User.from_href(account.href).remove_group(groups["admins"])
    assert logged_in.get("/admins").status_code == 302


def test_login_disabled_bypasses_both_decorators(make_app: AppFactory) -> None:
    app = make_app(LOGIN_DISABLED=True)

    @app.route("/plain")
    @login_required
    def plain() -> str:
        return "plain"

    client = app.test_client()
    assert client.get("/plain").get_data(as_text=True) == "plain"
    assert client.get("/admins").get_data(as_text=True) == "admins only"


def test_options_requests_are_exempt(app: Flask) -> None:
    @app.route("/opts", methods=["GET", "OPTIONS"], provide_automatic_options=False)
    @groups_required(["admins"])
    def opts() -> str:
        return "options"

    assert app.test_client().options("/opts").get_data(as_text=True) == "options"


def test_login_disabled_without_a_login_view_gives_401(make_app: AppFactory) -> None:
    client = make_app(STORMPATH_ENABLE_LOGIN=False).test_client()
    assert client.get("/admins").status_code == 401


def test_warm_group_checks_make_no_api_call(
    app: Flask, logged_in: FlaskClient, account: User, groups: dict[str, Any], fake: FakeStormpath
) -> None:
    join(app, account, groups["admins"])
    assert logged_in.get("/admins").status_code == 200
    fake.clear_requests()
    assert logged_in.get("/admins").status_code == 200
    assert logged_in.get("/staff").status_code == 200
    assert logged_in.get("/secret").status_code == 200
    assert fake.count_calls() == 0
