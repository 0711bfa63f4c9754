"""Server mode itself (stormpath_fake.server): binding, raw request target, quiet logs, stop."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest
import requests

from stormpath_fake.server import ServerHandle, serve


def _echo_environ(environ, start_response):
    keys = ("RAW_URI", "REQUEST_URI", "PATH_INFO", "QUERY_STRING", "HTTP_HOST")
    body = json.dumps({key: environ.get(key) for key in keys}).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]


def test_port_zero_binds_a_real_port_and_builds_the_base_url():
    with serve(_echo_environ) as handle:
        assert handle.host == "127.0.0.1"
        assert handle.port > 0
        assert handle.base_url == f"http://127.0.0.1:{handle.port}/v1"
        assert requests.get(handle.base_url + "/x", timeout=10).status_code == 200


def test_base_url_uses_the_literal_host_and_base_path():
    with serve(_echo_environ, host="localhost", base_path="/api/v1/") as handle:
        assert handle.base_url == f"http://localhost:{handle.port}/api/v1"
        seen = requests.get(handle.base_url + "/ping", timeout=10).json()
        assert seen["HTTP_HOST"] == f"localhost:{handle.port}"


def test_raw_request_target_reaches_the_app_undecoded():
    with serve(_echo_environ) as handle:
        target = "/v1/directories/a%2Fb%20c?orderBy=name+asc&q=%2A%7E"
        # A prepared request keeps the target exactly as written.
        session = requests.Session()
        prepared = session.prepare_request(requests.Request("GET", handle.base_url))
        prepared.url = f"http://127.0.0.1:{handle.port}{target}"
        seen = session.send(prepared, timeout=10).json()
    assert seen["RAW_URI"] == target
    assert seen["REQUEST_URI"] == target
    assert seen["QUERY_STRING"] == "orderBy=name+asc&q=%2A%7E"


@pytest.mark.parametrize("log_requests", [False, True])
def test_requests_are_logged_only_on_request(caplog, log_requests):
    caplog.set_level(logging.DEBUG, logger="werkzeug")
    with serve(_echo_environ, log_requests=log_requests) as handle:
        requests.get(handle.base_url + "/quiet", timeout=10)
    lines = [r for r in caplog.records if "/quiet" in r.getMessage()]
    assert len(lines) == (1 if log_requests else 0)


def test_stop_closes_kept_alive_connections_and_is_idempotent():
    handle = serve(_echo_environ)
    session = requests.Session()
    assert session.get(handle.base_url + "/a", timeout=10).status_code == 200
    handle.stop()
    with pytest.raises(requests.ConnectionError):
        session.get(handle.base_url + "/b", timeout=5)
    handle.stop()


def test_bind_then_start_and_no_restart():
    handle = ServerHandle.bind()
    try:
        # Bound before serving: the port is taken, and the base URL is already known.
        assert handle.base_url.endswith(f":{handle.port}/v1")
        handle.start(_echo_environ)
        assert requests.get(handle.base_url, timeout=10).status_code == 200
        with pytest.raises(RuntimeError):
            handle.start(_echo_environ)
    finally:
        handle.stop()


def test_binding_a_taken_port_raises_oserror():
    with serve(_echo_environ) as handle, pytest.raises(OSError):
        ServerHandle.bind("127.0.0.1", handle.port)


def _sauthc1_headers(method: str, url: str, key_id: str, secret: str, body: bytes = b"") -> dict:
    """Sign a request with SAuthc1 as written in the spec (§3.2), signing host and date."""
    parts = urlsplit(url)
    now = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    nonce = str(uuid.uuid4())

    def fix(text: str) -> str:
        return text.replace("+", "%20").replace("*", "%2A").replace("%7E", "~")

    query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    headers = {"host": parts.netloc, "x-stormpath-date": now}
    signed = ";".join(sorted(headers))
    canonical = "\n".join(
        [
            method,
            fix(parts.path) or "/",
            fix(query),
            "".join(f"{name}:{headers[name]}\n" for name in sorted(headers)),
            signed,
            hashlib.sha256(body).hexdigest(),
        ]
    )
    scope = f"{key_id}/{now[:8]}/{nonce}/sauthc1_request"
    to_sign = "\n".join(
        ["HMAC-SHA-256", now, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = ("SAuthc1" + secret).encode()
    for step in (now[:8], nonce, "sauthc1_request"):
        key = hmac.new(key, step.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return {
        "Host": parts.netloc,
        "X-Stormpath-Date": now,
        "Authorization": (
            f"SAuthc1 sauthc1Id={scope}, sauthc1SignedHeaders={signed}, "
            f"sauthc1Signature={signature}"
        ),
    }


def test_sauthc1_signed_requests_verify_in_server_mode(server_api):
    # The signature covers the raw path and query, so the server must pass them through as sent.
    url = f"{server_api.app_href}/accounts?orderBy=email+desc&q=a%2Ab&limit=5"
    headers = _sauthc1_headers("GET", url, server_api.key_id, server_api.secret)
    response = requests.get(url, headers=headers, auth=lambda r: r, timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["limit"] == 5
    tampered = url.replace("limit=5", "limit=6")
    response = requests.get(tampered, headers=headers, auth=lambda r: r, timeout=10)
    assert response.status_code == 401


def test_hrefs_follow_the_host_spelling_the_client_used(server_api):
    # Clients strip the base URL from hrefs literally, so each spelling must get its own hrefs.
    alias = server_api.base_url.replace("127.0.0.1", "localhost")
    auth = (server_api.key_id, server_api.secret)
    response = requests.get(f"{alias}/tenants/current", auth=auth, allow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{alias}/tenants/")
    app_path = server_api.app_href.removeprefix(server_api.base_url)
    app = requests.get(alias + app_path, auth=auth, timeout=10).json()
    assert app["href"] == alias + app_path
    assert app["accounts"]["href"] == f"{alias}{app_path}/accounts"
