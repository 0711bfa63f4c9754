"""The built-in views: ``/register``, ``/login`` and ``/logout`` (and what other views share).

Views stay thin: form → model call → redirect or re-render. Settings are read at request time,
as 0.4.x did. API errors are flashed (the developer message, as in 0.4.6); an outage renders the
503 page through `errors.service_unavailable`, before anything is half-done.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, session
from flask_login import login_user, logout_user

from .errors import (
    UNVERIFIED_CODE,
    StormpathError,
    error_message,
    is_outage,
    service_unavailable,
)
from .forms import LoginForm, RegistrationForm
from .models import User
from .redirects import safe_redirect_target

__all__ = ["login", "logout", "register", "render_page", "start_session"]

# Optional registration fields in the order 0.4.6 checked them, with the name its message used.
_OPTIONAL_FIELDS = (
    ("given_name", "First Name"),
    ("middle_name", "Middle Name"),
    ("surname", "Last Name"),
    ("username", "Username"),
)

# Stormpath requires both names; 0.4.x sent this when the user left one out.
_ANONYMOUS_NAME = "Anonymous"

VERIFY_EMAIL_MESSAGE = (
    "You must validate your email address before logging in. "
    "Please check your email for instructions."
)


def start_session(user: User) -> bool:
    """Log `user` in with a fresh session (against fixation) and the remember cookie.

    Returns False, as Flask-Login does, when the account may not log in (not ENABLED).
    """
    # Drop whatever the anonymous session held, so an id planted before login is worthless.
    session.clear()
    return login_user(user, remember=True)


def render_page(template_setting: str, **context: Any) -> str:
    """Render the template a setting names (read now, so apps may change it at any time)."""
    return render_template(current_app.config[template_setting], **context)


def register() -> Any:
    """Show the registration form; create the account, log it in and redirect on success.

    An account that must verify its email address first (``STORMPATH_VERIFY_EMAIL``, or the
    directory's verification workflow made it UNVERIFIED) is not logged in: the user is told
    to check their email instead.
    """
    config = current_app.config
    form = RegistrationForm()
    if form.validate_on_submit():
        missing = [
            label
            for field, label in _OPTIONAL_FIELDS
            if config[f"STORMPATH_ENABLE_{field.upper()}"]
            and config[f"STORMPATH_REQUIRE_{field.upper()}"]
            and not form[field].data
        ]
        for label in missing:
            flash(f"{label} is required.")
        if not missing:
            # Only enabled fields reach the API; everything else in the request is ignored.
            enabled = {
                field: form[field].data or None
                for field, _ in _OPTIONAL_FIELDS
                if config[f"STORMPATH_ENABLE_{field.upper()}"]
            }
            try:
                user = User.create(
                    email=form.email.data,
                    password=form.password.data,
                    given_name=enabled.get("given_name") or _ANONYMOUS_NAME,
                    surname=enabled.get("surname") or _ANONYMOUS_NAME,
                    middle_name=enabled.get("middle_name"),
                    username=enabled.get("username"),
                )
            except StormpathError as error:
                if is_outage(error):
                    return service_unavailable(error)
                flash(error_message(error))
            else:
                if config["STORMPATH_VERIFY_EMAIL"] or user.status == "UNVERIFIED":
                    flash(VERIFY_EMAIL_MESSAGE)
                else:
                    start_session(user)
                if "STORMPATH_REGISTRATION_REDIRECT_URL" in config:
                    return redirect(config["STORMPATH_REGISTRATION_REDIRECT_URL"])
                return redirect(config["STORMPATH_REDIRECT_URL"])
    return render_page("STORMPATH_REGISTRATION_TEMPLATE", form=form)


def login() -> Any:
    """Show the login form; on success log in and go to a same-site ``next`` or the redirect URL."""
    form = LoginForm()
    unverified = False
    if form.validate_on_submit():
        try:
            user = User.from_login(form.login.data, form.password.data)
        except StormpathError as error:
            if is_outage(error):
                return service_unavailable(error)
            flash(error_message(error))
            # The template then offers to send the verification email again.
            unverified = error.code == UNVERIFIED_CODE
        else:
            start_session(user)
            default = current_app.config["STORMPATH_REDIRECT_URL"]
            return redirect(safe_redirect_target(request.args.get("next"), default))
    return render_page("STORMPATH_LOGIN_TEMPLATE", form=form, unverified=unverified)


def logout() -> Any:
    """Log out (also fine when nobody is logged in) and go to the site root, as 0.4.x did."""
    logout_user()
    return redirect("/")
