"""Errors raised by the Stormpath client.

`Error` mirrors the old SDK: ``message`` is the API's *developer* message (Flask-Stormpath
flashes it), ``user_message`` the end-user one.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Error", "MissingCredentialsError", "NetworkError"]


class Error(RuntimeError):
    """An error answered by the Stormpath API (or raised while talking to it)."""

    def __init__(
        self,
        status: int | None = None,
        code: int | None = None,
        message: str | None = None,
        user_message: str | None = None,
        developer_message: str | None = None,
        more_info: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.developer_message = developer_message if developer_message is not None else message
        self.message = message if message is not None else (self.developer_message or "")
        self.user_message = user_message if user_message is not None else self.message
        self.more_info = more_info
        self.request_id = request_id
        super().__init__(self.message)

    @classmethod
    def from_body(cls, status: int, body: dict[str, Any], request_id: str | None = None) -> Error:
        """Build an error from a Stormpath error body (``status, code, message, ...``)."""
        developer_message = body.get("developerMessage") or body.get("message")
        code = body.get("code")
        return cls(
            status=status,
            code=code if isinstance(code, int) else status,
            message=developer_message,
            user_message=body.get("message") or developer_message,
            developer_message=developer_message,
            more_info=body.get("moreInfo"),
            request_id=body.get("requestId") or request_id,
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r})"
        )


class NetworkError(Error):
    """The API could not be reached (connection failure or timeout); ``status`` is None."""

    def __init__(self, message: str) -> None:
        super().__init__(status=None, code=None, message=message)


class MissingCredentialsError(ValueError):
    """No API key could be found in any of the places the client looks."""
