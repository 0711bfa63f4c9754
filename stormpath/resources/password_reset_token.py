"""Password reset tokens (``{application}/passwordResetTokens/{token}``)."""

from __future__ import annotations

from stormpath.resources.base import Resource

__all__ = ["PasswordResetToken"]


class PasswordResetToken(Resource):
    """``email`` and a link to the ``account``; the token is the href's last segment."""

    readonly_attrs = frozenset({"email"})
    link_attrs = {"account": "Account"}

    @property
    def token(self) -> str:
        return (self.href or "").rsplit("/", 1)[-1]
