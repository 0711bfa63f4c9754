"""Shared helpers for the client tests (imported by conftest and the test modules)."""

from __future__ import annotations

import itertools
from typing import Any

from stormpath.client import Client

BASE = "https://api.stormpath.com/v1"


class SleepRecorder:
    """Stands in for ``time.sleep`` so retry tests never wait."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def make_client(**kwargs: Any) -> Client:
    """A client with test credentials and no caching (override anything by keyword)."""
    from stormpath.cache.null_cache_store import NullCacheStore

    options: dict[str, Any] = {
        "id": "KEYID",
        "secret": "KEYSECRET",
        "base_url": BASE,
        "cache_options": {"store": NullCacheStore},
    }
    options.update(kwargs)
    return Client(**options)


# A password that satisfies the default strength policy.
PASSWORD = "Passw0rdStrong"
_counter = itertools.count()


def unique(prefix: str = "x") -> str:
    """A name no other test in this process uses."""
    return f"{prefix}{next(_counter)}"


def unique_email(prefix: str = "user") -> str:
    return f"{unique(prefix)}@example.com"


def new_account(collection: Any, **overrides: Any) -> Any:
    """Create an account in an application's or directory's ``accounts`` collection."""
    properties = {
        "email": unique_email(),
        "password": PASSWORD,
        "given_name": "Given",
        "surname": "Surname",
    }
    properties.update(overrides)
    return collection.accounts.create(properties)


def enable_email_verification(directory: Any) -> Any:
    """Turn on the directory's verification workflow; returns its account creation policy."""
    policy = directory.account_creation_policy
    policy.verification_email_status = "ENABLED"
    policy.save()
    return policy
