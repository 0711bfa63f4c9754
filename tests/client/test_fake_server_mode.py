"""The client over real HTTP (loopback) against the fake's server door."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from client_helpers import PASSWORD, make_client, new_account


@pytest.fixture
def served() -> Iterator[tuple[Any, str]]:
    from stormpath_fake import FakeStormpath

    fake = FakeStormpath()  # not started: only the server door answers
    handle = fake.serve(host="127.0.0.1", port=0)
    try:
        yield fake, handle.base_url
    finally:
        handle.stop()


@pytest.mark.parametrize("scheme", ["SAuthc1", "basic"])
def test_register_login_and_custom_data_over_http(served: tuple[Any, str], scheme: str) -> None:
    fake, base_url = served
    client = make_client(
        id=fake.api_key_id, secret=fake.api_key_secret, base_url=base_url, scheme=scheme
    )
    assert client.tenant.href.startswith(base_url + "/tenants/")
    application = client.applications.search("My Application")[0]
    account = new_account(application, custom_data={"plan": "gold"})
    result = application.authenticate_account(account.email, PASSWORD)
    assert result.account == account
    assert client.accounts.get(account.href).custom_data["plan"] == "gold"
