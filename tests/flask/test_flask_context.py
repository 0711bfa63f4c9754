"""The `user` proxy and the template context processor."""

from __future__ import annotations

from flask import Flask, render_template_string
from flask.testing import FlaskClient
from flask_helpers import log_in
from flask_login import current_user

from flask_stormpath import User, user
from flask_stormpath.context_processors import user_context_processor


def test_user_in_templates_and_proxy(app: Flask, client: FlaskClient, account: User) -> None:
    @app.route("/me")
    def me() -> str:
        assert user._get_current_object() is current_user._get_current_object()
        context = user_context_processor()
        assert context["user"]._get_current_object() is current_user._get_current_object()
        assert context["current_user"] is current_user
        return render_template_string(
            "{{ user.email }} {{ user.is_authenticated }} {{ current_user.email }}"
        )

    log_in(client)
    assert client.get("/me").get_data(as_text=True) == "ada@example.com True ada@example.com"


def test_anonymous_user_in_templates(app: Flask, client: FlaskClient) -> None:
    @app.route("/me")
    def me() -> str:
        assert not user.is_authenticated
        return render_template_string("{{ user.is_authenticated }}")

    assert client.get("/me").get_data(as_text=True) == "False"
