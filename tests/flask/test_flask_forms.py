"""The forms module (the password-reset forms are used by the reset views)."""

from __future__ import annotations

from flask import Flask
from werkzeug.datastructures import MultiDict

from flask_stormpath.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm


def test_change_password_form_needs_matching_passwords(app: Flask) -> None:
    with app.test_request_context(method="POST"):
        form = ChangePasswordForm(MultiDict({"password": "Aa1aaaaa", "password_again": "other"}))
        assert not form.validate()
        assert form.password_again.errors == ["Passwords don't match."]
        same = ChangePasswordForm(MultiDict({"password": "Aa1aaaaa", "password_again": "Aa1aaaaa"}))
        assert same.validate()


def test_forgot_password_form_needs_an_email(app: Flask) -> None:
    with app.test_request_context(method="POST"):
        assert not ForgotPasswordForm(MultiDict({"email": ""})).validate()
        assert ForgotPasswordForm(MultiDict({"email": " a@example.com "})).validate()


def test_text_fields_are_trimmed_but_passwords_are_not(app: Flask) -> None:
    with app.test_request_context(method="POST"):
        form = LoginForm(MultiDict({"login": "  ada@example.com ", "password": " pw "}))
        assert form.validate()
        assert (form.login.data, form.password.data) == ("ada@example.com", " pw ")
