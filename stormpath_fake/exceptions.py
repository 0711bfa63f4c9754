"""Typed errors and the one place that turns them into Stormpath error bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T")

MORE_INFO = "http://docs.stormpath.com/errors/{code}"
AUTH_MORE_INFO = "http://www.stormpath.com/docs/quickstart/connect"


class StormpathError(Exception):
    """An error the API answers with ``{status, code, message, developerMessage, ...}``."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        developer_message: str | None = None,
        *,
        more_info: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(developer_message or message)
        self.status = status
        self.code = code
        self.message = message
        self.developer_message = developer_message or message
        self.more_info = more_info or MORE_INFO.format(code=code)
        self.headers = headers or {}

    def body(self, request_id: str) -> dict[str, Any]:
        """The JSON error body."""
        return {
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "developerMessage": self.developer_message,
            "moreInfo": self.more_info,
            "requestId": request_id,
        }


class AuthenticationFailed(StormpathError):
    """Missing or invalid API-key credentials (always the same 401 body)."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(
            401,
            401,
            "Authentication required.",
            "Authentication with a valid API Key is required.",
            more_info=AUTH_MORE_INFO,
        )
        # Why the request was refused; never sent to the client, handy when debugging.
        self.reason = reason


def not_found() -> StormpathError:
    """404 for a resource that does not exist."""
    return StormpathError(404, 404, "The requested resource does not exist.")


def get_or_404(table: Mapping[str, T], obj_id: str) -> T:
    """``table[obj_id]``, or raise the 404 of a resource that does not exist."""
    obj = table.get(obj_id)
    if obj is None:
        raise not_found()
    return obj


def not_implemented(method: str, path: str, *, status: int = 404) -> StormpathError:
    """Unknown route (404) or unsupported method (405); never 5xx, since clients retry those."""
    text = (
        f"{method} {path} is not implemented by the Stormpath emulator."
        if status == 404
        else f"The {method} method is not supported for {path} by the Stormpath emulator."
    )
    return StormpathError(status, status, text)


def bad_request(message: str, code: int = 400) -> StormpathError:
    """A 400 whose user and developer messages are the same."""
    return StormpathError(400, code, message)


def required(resource: str, prop: str) -> StormpathError:
    """2000: a required value is missing."""
    return bad_request(f"{resource} {prop} is required; it cannot be null, empty, or blank.", 2000)


def duplicate(resource: str, prop: str, scope: str) -> StormpathError:
    """409/2001: the value must be unique within ``scope``."""
    return StormpathError(
        409,
        2001,
        f"{resource} with that {prop} already exists.  Please choose another {prop}.",
        f"Another {resource} with the same '{prop}' property value already exists in the {scope}.",
    )


def invalid_value(resource: str, prop: str, detail: str = "") -> StormpathError:
    """2002: the value is not acceptable."""
    message = f"{resource} {prop} value is invalid."
    return StormpathError(400, 2002, message, f"{message} {detail}".strip())


def unsupported_value(resource: str, prop: str, value: object) -> StormpathError:
    """2003: an enum-like value outside the allowed set."""
    return bad_request(f"{resource} {prop} value '{value}' is not supported.", 2003)


def wrong_type(resource: str, prop: str, expected: str) -> StormpathError:
    """2004: a value of the wrong JSON type."""
    return bad_request(f"{resource} {prop} must be {expected}.", 2004)


def too_long(resource: str, prop: str, maximum: int) -> StormpathError:
    """2008: a string above its maximum length."""
    return StormpathError(
        400,
        2008,
        f"{resource} {prop} maximum length exceeded.",
        f"{resource} {prop} cannot exceed {maximum} characters.",
    )


def unknown_property(resource: str, prop: str) -> StormpathError:
    """2015: a property the resource does not have."""
    return bad_request(f"Property '{prop}' is not a recognized property of {resource}.", 2015)


def query_error(code: int, message: str) -> StormpathError:
    """21xx: a bad query parameter (offset, limit, search, orderBy, expand)."""
    return bad_request(message, code)
