"""The `User` model (a Stormpath `Account` that Flask-Login understands) and its signals.

Signals (blinker, as in 0.4.x):

- `user_created` (``user-created``): sender is the `User` class, ``user`` a dict of the account.
- `user_updated` (``user-updated``): sender is the instance, ``user`` a dict after saving.
- `user_deleted` (``user-deleted``): sender is None, ``user`` the dict captured before deletion.
"""

from __future__ import annotations

from typing import Any

from blinker import Namespace, Signal
from flask import current_app

from stormpath.client import Client
from stormpath.resources.account import Account

__all__ = ["User", "announce", "user_created", "user_deleted", "user_updated"]

_signals = Namespace()
user_created = _signals.signal("user-created")
user_updated = _signals.signal("user-updated")
user_deleted = _signals.signal("user-deleted")

# The account fields a signal receiver gets (links such as groups are left out: they cost calls).
_SIGNAL_FIELDS = (
    "href",
    "username",
    "email",
    "given_name",
    "middle_name",
    "surname",
    "full_name",
    "status",
    "created_at",
    "modified_at",
)


class User(Account):
    """A Stormpath account as a Flask-Login user.

    Everything an `Account` offers works (``custom_data``, ``groups``, ``add_group``, ``save``,
    ``delete``, ...); `save` and `delete` also send the `user_updated` and `user_deleted` signals.
    """

    def get_id(self) -> str:
        """The account href, which Flask-Login keeps in the session."""
        return str(self.href)

    @property
    def is_active(self) -> bool:
        """Only ENABLED accounts may log in (DISABLED and UNVERIFIED may not)."""
        return bool(self.status == "ENABLED")

    @property
    def is_anonymous(self) -> bool:
        """A `User` is never the anonymous user."""
        return False

    @property
    def is_authenticated(self) -> bool:
        """A `User` has always proven its credentials (Flask-Login checks `is_active` apart)."""
        return True

    def __repr__(self) -> str:
        return f'User <"{self.username or self.email}" ("{self.href or ""}")>'

    def to_signal_dict(self) -> dict[str, Any]:
        """The account's own fields as a plain dict, as signal receivers get them."""
        return {name: getattr(self, name, None) for name in _SIGNAL_FIELDS}

    def save(self) -> User:
        """Save the changed fields, then send `user_updated`."""
        super().save()
        announce(user_updated, self, self)
        return self

    def delete(self) -> None:
        """Delete the account, then send `user_deleted` with the data it had."""
        data = self.to_signal_dict() if user_deleted.receivers else None
        super().delete()
        if data is not None:
            user_deleted.send(None, user=data)

    @classmethod
    def from_href(cls, href: str, client: Client | None = None) -> User:
        """The account at `href`, from the client cache when it holds it (else one call).

        `client` defaults to the current app's. Raises `StormpathError` when the account
        cannot be read (e.g. it was deleted).
        """
        if client is None:
            client = current_app.extensions["stormpath"].client
        if href.startswith("/"):
            href = client.base_url + href
        # Made as a User straight away from the (usually cached) account, with no collection
        # built on the way: this runs on every authenticated request.
        return cls(client, href=href, properties=client.data_store.get_resource(href))

    @classmethod
    def from_account(cls, account: Account) -> User:
        """Retype an `Account` the client returned as a `User` (same data, no API call)."""
        account.__class__ = cls
        return account  # type: ignore[return-value]

    @classmethod
    def create(
        cls,
        email: str,
        password: str,
        given_name: str,
        surname: str,
        username: str | None = None,
        middle_name: str | None = None,
        custom_data: dict[str, Any] | None = None,
        status: str = "ENABLED",
    ) -> User:
        """Create an account in the application's default account store (one API call).

        Stormpath uses the email as username when none is given. `status` may be ENABLED,
        DISABLED or UNVERIFIED. Sends `user_created`.
        """
        fields: dict[str, Any] = {
            "email": email,
            "password": password,
            "given_name": given_name,
            "surname": surname,
            "status": status,
        }
        # Unset optionals are left out rather than sent as null.
        optional = {"username": username, "middle_name": middle_name, "custom_data": custom_data}
        fields.update({key: value for key, value in optional.items() if value is not None})
        account = current_app.extensions["stormpath"].application.accounts.create(fields)
        user = cls.from_account(account)
        announce(user_created, cls, user)
        return user

    @classmethod
    def from_login(cls, login: str, password: str) -> User:
        """Authenticate by email or username (one API call); raises `StormpathError` on failure."""
        application = current_app.extensions["stormpath"].application
        result = application.authenticate_account(login, password)
        user = cls.from_account(result.account)
        # A login is the natural moment to see group changes made elsewhere.
        user.groups.refresh()
        return user


def announce(signal: Signal, sender: Any, user: User) -> None:
    """Send `signal` from `sender` with `user`'s fields (not even gathered when nobody
    listens)."""
    if signal.receivers:
        signal.send(sender, user=user.to_signal_dict())
