"""Email verification tokens (``/accounts/emailVerificationTokens/{token}``)."""

from __future__ import annotations

from stormpath.resources.base import Resource

__all__ = ["EmailVerificationToken"]


class EmailVerificationToken(Resource):
    """The link an unverified account holds; consume it with
    ``client.accounts.verify_email_token(token.token)``."""

    @property
    def token(self) -> str:
        return (self.href or "").rsplit("/", 1)[-1]
