"""The in-process door: the emulator's app is handed each request directly, exactly as it would
read it back from the WSGI environ the door builds for every other app."""

from __future__ import annotations

import uuid
from io import BytesIO

import pytest
import requests

from stormpath_fake import FakeStormpath
from stormpath_fake.ids import request_id
from stormpath_fake.mock import _body_bytes, environ_headers, to_environ
from stormpath_fake.wsgi import _headers

BASE = "https://api.stormpath.com/v1"


def _prepared(headers: dict[str, str | bytes], body: object = None) -> requests.PreparedRequest:
    prepared = requests.PreparedRequest()
    prepared.prepare(method="post", url=f"{BASE}/applications/a?x=1", headers=headers, data=body)
    return prepared


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({"Accept": "application/json"}, None),
        ({"Content-Type": "application/json", "Content-Length": "999"}, b'{"a":1}'),
        ({"Content-Type": "", "X_Under": "u", "X-Under": "dash"}, "text body"),
        ({"Host": "other.example:8443", "Content_Type": "text/plain"}, b""),
        ({"X-Bytes": b"raw", "Stra\u00dfe": "x", "Connection": "close"}, b"\x00\xff"),
    ],
)
def test_direct_headers_are_what_the_app_reads_from_the_environ(
    headers: dict[str, str | bytes], body: object
) -> None:
    request = _prepared(headers, body)
    data = _body_bytes(request)
    environ = to_environ(request, BASE)
    direct = environ_headers(request, "api.stormpath.com", data)
    assert list(direct.items()) == list(_headers(environ).items())
    assert environ["wsgi.input"].read() == data


def test_file_bodies_are_read_once() -> None:
    request = _prepared({"Content-Type": "application/json"})
    request.body = BytesIO(b'{"a":1}')
    assert _body_bytes(request) == b'{"a":1}'


def test_mounts_under_the_base_url_still_get_an_environ() -> None:
    # At a root base URL the providers' mounts (/google, ...) are reachable in-process too.
    with FakeStormpath("http://emulator.test") as fake:
        token_url = fake.google.urls("http://emulator.test")["token"]
        assert token_url.startswith("http://emulator.test/google/")
        answer = requests.post(token_url, data={"grant_type": "authorization_code"})
        # The provider's OAuth error (no client credentials), not the API's 401 body.
        assert answer.status_code == 401
        assert "error" in answer.json()
        assert "requestId" not in answer.json()
        assert fake.count_calls() == 0  # the provider answered, not the API
        api = requests.get(
            fake.application_href, auth=(fake.api_key_id, fake.api_key_secret), timeout=5
        )
        assert api.json()["name"] == "My Application"
        assert fake.count_calls("GET", "/applications/*") == 1


def test_request_ids_are_distinct_version_4_uuids() -> None:
    seen = set()
    for _ in range(2000):
        text = request_id()
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)
        seen.add(text)
    assert len(seen) == 2000
