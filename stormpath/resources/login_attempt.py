"""The result of a login attempt (``application.authenticate_account``)."""

from __future__ import annotations

from stormpath.resources.base import Resource

__all__ = ["AuthenticationResult", "LoginAttempt"]


class AuthenticationResult(Resource):
    """Holds the authenticated ``account`` (already loaded: logins expand it)."""

    link_attrs = {"account": "Account"}

    def __repr__(self) -> str:
        account = self._data.get("account") or {}
        return f"<AuthenticationResult account={account.get('href')!r}>"


LoginAttempt = AuthenticationResult
