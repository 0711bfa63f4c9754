"""Flask-WTF forms for the built-in views (CSRF protection comes with `FlaskForm`).

Which registration fields are shown and required is decided per request from the settings, in
the view and templates; the forms only declare the fields and the checks that never change.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired

#: Shown for a malformed email address on the forgot-password form (0.4.6's text).
INVALID_EMAIL_MESSAGE = "Invalid email address."

#: Shown when the two new passwords differ (0.4.6's text).
PASSWORDS_DONT_MATCH_MESSAGE = "Passwords don't match."


def _strip(value: Any) -> Any:
    """Trim surrounding whitespace from text input (passwords are never trimmed)."""
    return value.strip() if isinstance(value, str) else value


class RegistrationForm(FlaskForm):
    """Registration: email and password always; names and username as the settings say."""

    username = StringField("Username", filters=[_strip])
    given_name = StringField("First Name", filters=[_strip])
    middle_name = StringField("Middle Name", filters=[_strip])
    surname = StringField("Last Name", filters=[_strip])
    email = EmailField("Email", validators=[InputRequired()], filters=[_strip])
    password = PasswordField("Password", validators=[InputRequired()])


class LoginForm(FlaskForm):
    """Log in with an email or a username and a password."""

    login = StringField("Email", validators=[InputRequired()], filters=[_strip])
    password = PasswordField("Password", validators=[InputRequired()])


class ForgotPasswordForm(FlaskForm):
    """Ask for a password reset email (the address must at least be well formed)."""

    email = EmailField(
        "Email",
        validators=[InputRequired(), Email(message=INVALID_EMAIL_MESSAGE)],
        filters=[_strip],
    )


class ChangePasswordForm(FlaskForm):
    """Choose a new password after following a reset link."""

    password = PasswordField("Password", validators=[InputRequired()])
    password_again = PasswordField(
        "Password (again)",
        validators=[InputRequired(), EqualTo("password", message=PASSWORDS_DONT_MATCH_MESSAGE)],
    )


class ResendVerificationForm(FlaskForm):
    """Ask for a new email verification link, by email (or username, when usernames are on)."""

    # DataRequired checks the trimmed value: only spaces counts as missing.
    login = StringField("Email", validators=[DataRequired()], filters=[_strip])
