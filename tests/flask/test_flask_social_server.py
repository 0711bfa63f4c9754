"""Google login against `stormpath-fake serve`, set up from its command line alone.

The emulator runs as a subprocess; the app talks to it over loopback HTTP (the API and the
fake Google's token endpoint), and the browser's part is played by the test client and by
``requests`` on the fake Google's sign-in page.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask_helpers import add_demo_views

from flask_stormpath import StormpathManager
from stormpath_fake.cli import parse_banner

SCRIPT = Path(sys.executable).with_name("stormpath-fake")
CALLBACK = "http://localhost/google"


@pytest.fixture(scope="module")
def banner() -> Iterator[dict[str, str]]:
    """A running `stormpath-fake serve` that knows the app's Google client and Grace."""
    command = [
        str(SCRIPT),
        "serve",
        "--port",
        "0",
        "--api-key-id",
        "cli-key",
        "--api-key-secret",
        "cli-secret",
        "--social-client",
        f"google:google-client:google-secret:{CALLBACK}",
        "--social-identity",
        "google:grace@example.com:Grace:Hopper",
    ]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield parse_banner(proc.stdout)
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


@pytest.fixture
def app(banner: dict[str, str]) -> Flask:
    app = Flask(__name__)
    app.config.update(
        TESTING=True,
        SECRET_KEY="test-secret",
        STORMPATH_BASE_URL=banner["BASE_URL"],
        STORMPATH_API_KEY_ID="cli-key",
        STORMPATH_API_KEY_SECRET="cli-secret",
        STORMPATH_APPLICATION="My Application",
        STORMPATH_ENABLE_GOOGLE=True,
        STORMPATH_SOCIAL={
            "GOOGLE": {"client_id": "google-client", "client_secret": "google-secret"}
        },
        STORMPATH_GOOGLE_AUTHORIZE_URL=banner["GOOGLE_AUTHORIZE_URL"],
        STORMPATH_GOOGLE_TOKEN_URL=banner["GOOGLE_TOKEN_URL"],
    )
    StormpathManager(app)
    add_demo_views(app)
    return app


def test_google_login_through_the_served_emulator(app: Flask, banner: dict[str, str]) -> None:
    client = app.test_client()
    start = client.get("/google")
    assert start.status_code == 302
    sign_in = start.headers["Location"]
    assert sign_in.startswith(banner["GOOGLE_AUTHORIZE_URL"] + "?")
    page = requests.get(sign_in, allow_redirects=False, timeout=10)
    assert "grace@example.com" in page.text
    chosen = requests.post(
        sign_in,
        data={"identity": "grace@example.com", "decision": "allow"},
        allow_redirects=False,
        timeout=10,
    )
    back = urlsplit(chosen.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    finished = client.get(f"{back.path}?{back.query}")
    assert finished.status_code == 302, finished.text
    page = client.get("/secret")
    assert page.status_code == 200
    assert "grace@example.com" in page.get_data(as_text=True)
