"""`stormpath-fake serve` as a real subprocess: banner, requests, clean exit on signals."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from stormpath_fake.cli import parse_banner

SCRIPT = Path(sys.executable).with_name("stormpath-fake")
START_TIMEOUT = 60


@contextmanager
def serve(*args: str) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """Run the console script on a free loopback port; yield the process and its banner."""
    proc = subprocess.Popen(
        [str(SCRIPT), "serve", "--host", "127.0.0.1", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Guard against a child that never prints its banner.
    watchdog = threading.Timer(START_TIMEOUT, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        try:
            banner = parse_banner(proc.stdout)
        except ValueError:
            proc.wait(timeout=10)
            pytest.fail(f"serve did not start: {proc.stderr.read() if proc.stderr else ''}")
        watchdog.cancel()
        yield proc, banner
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _stop(proc: subprocess.Popen[str], sig: int) -> int:
    proc.send_signal(sig)
    return proc.wait(timeout=20)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_its_facts_serves_and_exits_0_on_signal(sig):
    with serve() as (proc, banner):
        base = banner["BASE_URL"]
        assert base.startswith("http://127.0.0.1:")
        assert base.endswith("/v1")
        assert int(base.split(":")[2].split("/")[0]) > 0
        assert banner["TENANT_HREF"].startswith(base + "/tenants/")
        assert banner["APPLICATION_HREF"].startswith(base + "/applications/")
        auth = (banner["API_KEY_ID"], banner["API_KEY_SECRET"])
        redirect = requests.get(f"{base}/tenants/current", auth=auth, allow_redirects=False)
        assert redirect.status_code == 302
        assert redirect.headers["Location"] == banner["TENANT_HREF"]
        app = requests.get(banner["APPLICATION_HREF"], auth=auth, timeout=10)
        assert app.status_code == 200
        assert app.json()["name"] == "My Application"
        assert app.json()["href"] == banner["APPLICATION_HREF"]
        assert requests.get(banner["APPLICATION_HREF"], timeout=10).status_code == 401
        assert _stop(proc, sig) == 0


def test_serve_with_key_and_application_options():
    with serve(
        "--api-key-id", "MYKEYID", "--api-key-secret", "MySecret", "--application", "Conformance"
    ) as (proc, banner):
        assert (banner["API_KEY_ID"], banner["API_KEY_SECRET"]) == ("MYKEYID", "MySecret")
        app = requests.get(banner["APPLICATION_HREF"], auth=("MYKEYID", "MySecret"), timeout=10)
        assert app.status_code == 200
        assert app.json()["name"] == "Conformance"
        # The application has a default account store, so accounts can be created through it.
        body = {"email": "cli@example.com", "password": "Passw0rdStrong", "givenName": "C"}
        created = requests.post(
            f"{banner['APPLICATION_HREF']}/accounts",
            json=body,
            auth=("MYKEYID", "MySecret"),
            timeout=10,
        )
        assert created.status_code == 201, created.text
        assert created.json()["href"].startswith(banner["BASE_URL"] + "/accounts/")
        assert _stop(proc, signal.SIGTERM) == 0


def test_serve_with_social_clients_and_identities():
    redirect_uri = "http://127.0.0.1:5000/google"
    with serve(
        "--social-client",
        f"google:gid:gsecret:{redirect_uri}",
        "--social-identity",
        "google:grace@example.com:Grace:Hopper",
        "--social-identity",
        "facebook:ada@example.com",
    ) as (proc, banner):
        base = banner["BASE_URL"].removesuffix("/v1")
        assert banner["GOOGLE_AUTHORIZE_URL"].startswith(base + "/")
        assert banner["FACEBOOK_TOKEN_URL"].startswith(base + "/")
        # The sign-in page knows the app and offers the person given on the command line.
        params = {
            "client_id": "gid",
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": "openid email profile",
        }
        page = requests.get(
            banner["GOOGLE_AUTHORIZE_URL"], params=params, allow_redirects=False, timeout=10
        )
        assert page.status_code == 200, page.text
        assert "grace@example.com" in page.text
        assert "ada@example.com" not in page.text  # a Facebook identity
        chosen = requests.post(
            page.url,
            data={"identity": "grace@example.com", "decision": "allow"},
            allow_redirects=False,
            timeout=10,
        )
        assert chosen.status_code == 302
        assert chosen.headers["Location"].startswith(redirect_uri + "?code=")
        unknown = requests.get(
            banner["GOOGLE_AUTHORIZE_URL"],
            params={**params, "client_id": "other"},
            allow_redirects=False,
            timeout=10,
        )
        assert unknown.status_code == 400
        assert _stop(proc, signal.SIGTERM) == 0


@pytest.mark.parametrize(
    "option",
    [
        ["--social-client", "myspace:id:secret:http://x/cb"],
        ["--social-client", "google:id:secret"],
        ["--social-identity", "facebook:not-an-email"],
        ["--social-identity", "google"],
    ],
)
def test_bad_social_options_are_usage_errors(option):
    result = subprocess.run(
        [str(SCRIPT), "serve", "--port", "0", *option], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert option[0] in result.stderr
    assert result.stdout == ""


def test_serve_with_the_default_application_name_reuses_it():
    with serve("--application", "My Application") as (proc, banner):
        auth = (banner["API_KEY_ID"], banner["API_KEY_SECRET"])
        apps = requests.get(
            f"{banner['TENANT_HREF']}/applications", params={"name": "My Application"}, auth=auth
        ).json()
        assert [a["href"] for a in apps["items"]] == [banner["APPLICATION_HREF"]]
        assert _stop(proc, signal.SIGTERM) == 0


def test_deterministic_ids_repeat_across_runs():
    paths = []
    for _ in range(2):
        with serve("--deterministic-ids") as (proc, banner):
            paths.append(banner["APPLICATION_HREF"].removeprefix(banner["BASE_URL"]))
            assert _stop(proc, signal.SIGTERM) == 0
    assert paths[0] == paths[1]


def test_auto_provision_accepts_any_key():
    with serve("--auto-provision") as (proc, banner):
        response = requests.get(
            banner["APPLICATION_HREF"], auth=("ANYKEY", "anysecret"), timeout=10
        )
        assert response.status_code == 200
        assert _stop(proc, signal.SIGTERM) == 0


def test_key_id_without_secret_is_a_usage_error():
    result = subprocess.run(
        [str(SCRIPT), "serve", "--port", "0", "--api-key-id", "ONLYID"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--api-key-secret" in result.stderr


def test_port_in_use_exits_1_with_a_message():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [str(SCRIPT), "serve", "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


@pytest.mark.parametrize("flag", [(), ("--log-requests",)])
def test_request_log_lines_only_with_log_requests(flag):
    with serve(*flag) as (proc, banner):
        auth = (banner["API_KEY_ID"], banner["API_KEY_SECRET"])
        requests.get(f"{banner['BASE_URL']}/tenants/current", auth=auth, allow_redirects=False)
        assert _stop(proc, signal.SIGTERM) == 0
        assert proc.stderr is not None
        logged = "GET /v1/tenants/current" in proc.stderr.read()
    assert logged == bool(flag)
