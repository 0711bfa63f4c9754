"""The User model, its signals, and load_user."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask_helpers import PASSWORD, create_user
from flask_login import user_logged_in

from flask_stormpath import StormpathError, StormpathManager, User
from flask_stormpath.models import user_created, user_deleted, user_updated
from stormpath.resources.account import Account


@pytest.fixture
def received() -> Any:
    """Collect (signal name, sender, user dict) for the three user signals."""
    events: list[tuple[str, Any, dict[str, Any]]] = []

    def recorder(name: str) -> Any:
        def receive(sender: Any, user: dict[str, Any]) -> None:
            events.append((name, sender, user))

        return receive

    receivers = {
        signal: recorder(signal.name) for signal in (user_created, user_updated, user_deleted)
    }
    for signal, receiver in receivers.items():
        signal.connect(receiver)
    yield events
    for signal, receiver in receivers.items():
        signal.disconnect(receiver)


def test_signal_names() -> None:
    assert (user_created.name, user_updated.name, user_deleted.name) == (
        "user-created",
        "user-updated",
        "user-deleted",
    )


def test_user_is_an_account_with_flask_login_properties(app: Flask, account: User) -> None:
    assert isinstance(account, Account)
    assert account.get_id() == account.href
    assert isinstance(account.get_id(), str)
    assert account.is_active is True
    assert account.is_anonymous is False
    assert account.is_authenticated is True
    assert repr(account) == f'User <"ada@example.com" ("{account.href}")>'


@pytest.mark.parametrize("status", ["DISABLED", "UNVERIFIED"])
def test_only_enabled_accounts_are_active(app: Flask, status: str) -> None:
    assert create_user(app, status=status).is_active is False


def test_repr_prefers_username(app: Flask) -> None:
    user = create_user(app, username="ada")
    assert repr(user).startswith('User <"ada" (')


def test_create_with_every_field(app: Flask, received: Any) -> None:
    user = create_user(
        app,
        username="ada",
        middle_name="King",
        custom_data={"favourite": "engines"},
    )
    assert (user.username, user.middle_name, user.full_name) == ("ada", "King", "Ada King Lovelace")
    with app.app_context():
        assert User.from_href(user.href).custom_data["favourite"] == "engines"
    [(name, sender, data)] = received
    assert (name, sender) == ("user-created", User)
    assert data["email"] == "ada@example.com" and data["href"] == user.href


def test_username_defaults_to_email(account: User) -> None:
    assert account.username == "ada@example.com"


def test_from_login_by_email_or_username(app: Flask) -> None:
    create_user(app, username="ada")
    with app.app_context():
        assert isinstance(User.from_login("ada", PASSWORD), User)
        user = User.from_login("ada@example.com", PASSWORD)
        assert user.email == "ada@example.com"
        with pytest.raises(StormpathError) as info:
            User.from_login("ada", "Wrong-passw0rd")
        assert info.value.status == 400


def test_save_sends_user_updated(app: Flask, account: User, received: Any) -> None:
    with app.app_context():
        user = User.from_href(account.href)
        user.given_name = "Augusta"
        user.custom_data["title"] = "Countess"
        user.save()
        fresh = User.from_href(account.href)
        fresh.refresh()
        assert fresh.given_name == "Augusta"
        assert fresh.custom_data["title"] == "Countess"
    [(name, sender, data)] = received
    assert name == "user-updated" and sender is user and data["given_name"] == "Augusta"


def test_delete_sends_user_deleted(app: Flask, account: User, received: Any) -> None:
    with app.app_context():
        user = User.from_href(account.href)
        user.delete()
        with pytest.raises(StormpathError):
            User.from_href(account.href).refresh()
    [(name, sender, data)] = received
    assert (name, sender) == ("user-deleted", None)
    assert data["email"] == "ada@example.com"


def test_load_user(app: Flask, account: User) -> None:
    with app.app_context():
        loaded = StormpathManager.load_user(account.href)
        assert isinstance(loaded, User) and loaded.email == "ada@example.com"


def test_load_user_of_a_deleted_account_is_anonymous(app: Flask, account: User) -> None:
    client = app.test_client()
    client.post("/login", data={"login": account.email, "password": PASSWORD})
    with app.app_context():
        User.from_href(account.href).delete()
        assert StormpathManager.load_user(account.href) is None
    assert client.get("/secret").status_code == 302


def test_user_logged_in_signal_gets_the_user(app: Flask, account: User) -> None:
    seen: list[Any] = []

    def receive(sender: Any, user: Any) -> None:
        seen.append(user)

    with user_logged_in.connected_to(receive):
        app.test_client().post("/login", data={"login": account.email, "password": PASSWORD})
    [user] = seen
    assert isinstance(user, User) and user.href == account.href


def test_load_user_with_a_foreign_href_is_anonymous(app: Flask, client: Any) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = "https://evil.example/v1/accounts/abc"
    assert client.get("/secret").status_code == 302
    with app.app_context():
        assert StormpathManager.load_user("https://evil.example/v1/accounts/abc") is None


def test_without_receivers_no_signal_dict_is_gathered(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: User) -> dict[str, Any]:
        raise AssertionError("to_signal_dict called with nobody listening")

    monkeypatch.setattr(User, "to_signal_dict", refuse)
    for signal in (user_created, user_updated, user_deleted):
        # Other tests of this process (docs examples) may have left receivers connected.
        monkeypatch.setattr(signal, "receivers", {})
    user = create_user(app)
    with app.app_context():
        user.given_name = "Grace"
        user.save()
        user.delete()


def test_with_a_receiver_the_dict_is_sent(app: Flask, received: Any) -> None:
    user = create_user(app, email="grace@example.com")
    with app.app_context():
        user.delete()
    assert [(name, event["email"]) for name, _, event in received] == [
        ("user-created", "grace@example.com"),
        ("user-deleted", "grace@example.com"),
    ]
