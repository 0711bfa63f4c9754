"""Templates: overridable, accessible, no CDN, CSS shipped."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from flask_helpers import AppFactory
from jinja2 import ChoiceLoader, DictLoader


def override(app: Flask, templates: dict[str, str]) -> None:
    app.jinja_loader = ChoiceLoader([DictLoader(templates), app.jinja_loader])  # type: ignore[assignment,list-item]


def test_pages_are_self_contained(client: FlaskClient) -> None:
    for url in ("/login", "/register"):
        page = client.get(url).get_data(as_text=True)
        assert '<meta name="viewport"' in page
        assert '<html lang="en">' in page
        assert 'href="/_stormpath/static/stormpath.css"' in page
        assert "https://" not in page and "//cdn" not in page


def test_css_is_served(client: FlaskClient) -> None:
    response = client.get("/_stormpath/static/stormpath.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert b".sp-card" in response.data


def test_every_input_has_a_label(client: FlaskClient) -> None:
    page = client.get("/register").get_data(as_text=True)
    for name in ("given_name", "middle_name", "surname", "email", "password"):
        assert f'<label for="{name}">' in page
        assert f'id="{name}"' in page


def test_field_errors_are_linked_for_screen_readers(client: FlaskClient) -> None:
    page = client.post("/login", data={"login": "x@example.com"}).get_data(as_text=True)
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="password-error"' in page
    assert 'id="password-error"' in page


def test_template_settings(make_app: AppFactory) -> None:
    app = make_app(
        STORMPATH_LOGIN_TEMPLATE="my_login.html",
        STORMPATH_REGISTRATION_TEMPLATE="my_register.html",
    )
    override(
        app,
        {
            "my_login.html": "custom login {{ form.login.name }}",
            "my_register.html": "custom register {{ form.email.name }}",
        },
    )
    client = app.test_client()
    assert client.get("/login").get_data(as_text=True) == "custom login login"
    assert client.get("/register").get_data(as_text=True) == "custom register email"


def test_base_template_setting(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_BASE_TEMPLATE="layout.html")
    override(
        app,
        {
            "layout.html": "<title>{% block title %}{% endblock %}</title>"
            "<body{% block bodytag %}{% endblock %}>{% block head %}{% endblock %}"
            "[{% block description %}{% endblock %}]{% block body %}{% endblock %}"
        },
    )
    page = app.test_client().get("/login").get_data(as_text=True)
    assert page.startswith("<title>Log In</title>")
    assert "[Log into your account.]" in page
    assert 'name="login"' in page


def test_app_templates_override_by_name(app: Flask) -> None:
    override(app, {"flask_stormpath/register.html": "my own register page"})
    assert app.test_client().get("/register").get_data(as_text=True) == "my own register page"
