"""Flask-Login's manager, with the remember cookie marked ``Secure`` on HTTPS requests.

Flask-Login reads ``REMEMBER_COOKIE_SECURE`` once from the config; an app served over both
HTTP (development) and HTTPS (production) should still never send the long-lived token in clear
once it runs on HTTPS. The attribute is added where Flask-Login writes the cookie, so requests
that set no remember cookie (nearly all of them) pay nothing for it.
"""

from __future__ import annotations

from flask import Response, current_app, request
from flask_login import LoginManager

__all__ = ["StormpathLoginManager"]


class StormpathLoginManager(LoginManager):
    """A `LoginManager` that marks the remember cookie ``Secure`` on HTTPS requests."""

    # Flask-Login's two places for writing the remember cookie: setting it (login_user with
    # remember=True, REMEMBER_COOKIE_REFRESH_EACH_REQUEST) and clearing it on logout (a browser
    # ignores a clearing cookie without Secure for a __Secure- or __Host- name).
    # tests/flask/test_flask_cookies.py pins both.

    def _set_cookie(self, response: Response) -> None:
        super()._set_cookie(response)
        _secure_on_https(response)

    def _clear_cookie(self, response: Response) -> None:
        super()._clear_cookie(response)
        _secure_on_https(response)


def _secure_on_https(response: Response) -> None:
    if request.is_secure:
        _mark_secure(response, current_app.config["REMEMBER_COOKIE_NAME"] + "=")


def _mark_secure(response: Response, prefix: str) -> None:
    """Add ``Secure`` to the ``Set-Cookie`` headers starting with `prefix` that lack it."""
    cookies = response.headers.getlist("Set-Cookie")
    del response.headers["Set-Cookie"]
    for cookie in cookies:
        attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
        if cookie.startswith(prefix) and "secure" not in attributes:
            cookie += "; Secure"
        response.headers.add("Set-Cookie", cookie)
