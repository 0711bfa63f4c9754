"""Mark the remember cookie ``Secure`` whenever the request came over HTTPS.

Flask-Login reads ``REMEMBER_COOKIE_SECURE`` once from the config; an app served over both
HTTP (development) and HTTPS (production) should still never send the long-lived token in clear
once it runs on HTTPS. This ``after_request`` hook adds the attribute per request.
"""

from __future__ import annotations

from flask import Response, current_app, request

__all__ = ["secure_remember_cookie"]


def secure_remember_cookie(response: Response) -> Response:
    """Add ``Secure`` to the remember cookie set on an HTTPS response."""
    if not request.is_secure:
        return response
    prefix = current_app.config["REMEMBER_COOKIE_NAME"] + "="
    cookies = response.headers.getlist("Set-Cookie")
    if not any(cookie.startswith(prefix) for cookie in cookies):
        return response
    del response.headers["Set-Cookie"]
    for cookie in cookies:
        attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
        if cookie.startswith(prefix) and "secure" not in attributes:
            cookie += "; Secure"
        response.headers.add("Set-Cookie", cookie)
    return response
