"""The same scripted session, in-process and over HTTP, must give the same JSON once ids,
times, tokens and the base URL are masked: the two doors serve one emulator, not two."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from stormpath_fake import FakeStormpath
from stormpath_fake.server import ServerHandle

PASSWORD = "Passw0rdStrong"
_ID = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{22,25}(?![A-Za-z0-9])")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
_JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")
_VOLATILE = {"requestId", "secret", "signature", "iat", "exp"}


class Masker:
    """Replaces each distinct id by ID<n> in order of appearance, so shapes still compare."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.ids: dict[str, str] = {}

    def __call__(self, value: Any, key: str = "") -> Any:
        if key in _VOLATILE:
            return f"<{key}>"
        if isinstance(value, dict):
            return {k: self(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value]
        if not isinstance(value, str):
            return value
        text = _JWT.sub("<jwt>", value.replace(self.base_url, "<base>"))
        text = _TIME.sub("<time>", text)
        return _ID.sub(lambda m: self.ids.setdefault(m.group(0), f"ID{len(self.ids)}"), text)


def session(fake: FakeStormpath, base: str) -> list[Any]:
    """A scripted client session; returns (status, masked body or Location) per request."""
    http = requests.Session()
    http.auth = (fake.api_key_id, fake.api_key_secret)
    mask = Masker(base)
    seen: list[Any] = []

    def call(method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        response = http.request(method, url, allow_redirects=False, timeout=10, **kwargs)
        body = response.json() if response.content else None
        seen.append((method, mask(url), response.status_code, mask(body)))
        if response.status_code == 302:
            seen.append(mask(response.headers["Location"]))
        return body or {}

    call("GET", f"{base}/tenants/current")
    app = call("GET", fake.application_href, params={"expand": "accountStoreMappings"})
    account = call(
        "POST",
        f"{app['href']}/accounts",
        json={
            "email": "parity@example.com",
            "password": PASSWORD,
            "givenName": "Pa",
            "surname": "Rity",
            "customData": {"nested": {"list": [1, {"deep": True}]}},
        },
    )
    call("POST", f"{account['href']}/customData", json={"plan": "gold"})
    call("GET", account["href"], params={"expand": "customData,directory"})
    group = call("POST", f"{app['href']}/groups", json={"name": "Parity Group"})
    call("POST", f"{base}/groupMemberships", json={"account": account, "group": group})
    call("GET", f"{account['href']}/groups", params={"orderBy": "name desc", "limit": 5})
    value = base64.b64encode(f"parity@example.com:{PASSWORD}".encode()).decode()
    call("POST", f"{app['href']}/loginAttempts", json={"type": "basic", "value": value})
    call("POST", f"{app['href']}/loginAttempts", json={"type": "basic", "value": "eDp5"})
    call("POST", f"{app['href']}/passwordResetTokens", json={"email": "parity@example.com"})
    tokens = call(
        "POST",
        f"{app['href']}/oauth/token",
        data={"grant_type": "password", "username": "parity@example.com", "password": PASSWORD},
    )
    call("GET", f"{app['href']}/authTokens/{tokens['access_token']}")
    call("GET", f"{account['href']}/accessTokens")
    call("POST", f"{account['href']}/apiKeys")
    call("GET", app["oAuthPolicy"]["href"])
    call("GET", f"{base}/nothing/here")
    call("DELETE", account["href"])
    call("GET", account["href"])
    return seen


@pytest.fixture
def served_fake() -> Iterator[tuple[FakeStormpath, str]]:
    handle = ServerHandle.bind("127.0.0.1", 0)
    fake = FakeStormpath(base_url=handle.base_url)
    handle.start(fake.wsgi_app)
    yield fake, handle.base_url
    handle.stop()


def test_in_process_and_http_sessions_match(served_fake):
    in_process = FakeStormpath()
    with in_process:
        local = session(in_process, in_process.base_url)
    remote = session(*served_fake)
    assert len(local) == len(remote) == 21
    for step, (mine, theirs) in enumerate(zip(local, remote, strict=True)):
        assert mine == theirs, f"step {step} differs"
    statuses = [entry[2] for entry in local if isinstance(entry, tuple)]
    assert statuses.count(400) == 1 and statuses.count(404) == 2
