"""Fixtures for the client tests: clients on stubbed HTTP (``responses``) or on the fake."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import responses
from client_helpers import SleepRecorder, make_client

from stormpath.client import Client


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def stub() -> Iterator[responses.RequestsMock]:
    """``responses`` stubs; every registered route must be used by the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def stub_client(sleeps: SleepRecorder) -> Client:
    """A client on the stubbed HTTP layer, without caching."""
    return make_client(sleep=sleeps)


@pytest.fixture
def fake() -> Iterator[Any]:
    """A fresh in-process emulator on the default base URL."""
    from stormpath_fake import FakeStormpath

    with FakeStormpath() as emulator:
        yield emulator


@pytest.fixture
def client(fake: Any) -> Client:
    """A client on the fake, without caching: every read goes to the fake."""
    return make_client(id=fake.api_key_id, secret=fake.api_key_secret)


@pytest.fixture
def cached_client(fake: Any) -> Client:
    """A client on the fake with the default (memory) cache."""
    return make_client(id=fake.api_key_id, secret=fake.api_key_secret, cache_options=None)


@pytest.fixture
def application(client: Client, fake: Any) -> Any:
    return client.applications.get(fake.application_href)


@pytest.fixture
def directory(client: Client, fake: Any) -> Any:
    return client.directories.get(fake.directory_href)
