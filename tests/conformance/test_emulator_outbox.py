"""The emulator-only outbox path of `stormpath-fake serve`: GET /__fake__/outbox (filters `to`
and `kind`) and DELETE to empty it. It lives outside the /v1 API and needs no credentials."""

from __future__ import annotations

import requests
from conformance_support import *  # noqa: F403 - the suite's fixtures


def test_outbox_over_http(served):
    directory = served.default_directory()
    served.update(
        directory["accountCreationPolicy"]["href"], {"verificationEmailStatus": "ENABLED"}
    )
    for email in ("one@example.com", "two@example.com"):
        response = served.http.post(
            f"{served.app_href}/accounts",
            json={"email": email, "password": "Passw0rdStrong", "givenName": "O", "surname": "B"},
            timeout=10,
        )
        assert response.status_code == 201, response.text
    reset = served.http.post(
        f"{served.app_href}/passwordResetTokens", json={"email": "two@example.com"}, timeout=10
    )
    assert reset.status_code == 200, reset.text

    everything = requests.get(f"{served.root}/__fake__/outbox", timeout=10).json()
    assert everything["size"] == 3
    assert [m["kind"] for m in everything["items"]] == [
        "email_verification",
        "email_verification",
        "password_reset",
    ]
    mine = served.outbox(to="TWO@example.com", kind="password_reset")
    assert len(mine) == 1
    assert mine[0]["token"] == reset.json()["href"].rsplit("/", 1)[1]
    assert mine[0]["link"].endswith(f"sptoken={mine[0]['token']}")
    assert set(mine[0]) == {"to", "subject", "body", "kind", "token", "link", "accountId"}

    assert requests.delete(f"{served.root}/__fake__/outbox", timeout=10).status_code == 204
    assert served.outbox() == []
    unknown = requests.get(f"{served.root}/__fake__/nothing", timeout=10)
    assert unknown.status_code == 404
    api_requires_credentials = requests.get(served.app_href, timeout=10)
    assert api_requires_credentials.status_code == 401
