"""Real headless Chromium against the quickstart app served over loopback on the emulator."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from quickstart_support import load_quickstart
from werkzeug.serving import make_server

from stormpath_fake import FakeStormpath

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium keeps trying to reach Google's hosts, which this machine refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright (no Playwright browser download needed)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `apt-get install chromium` (scripts/bootstrap.sh does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def stormpath_service() -> Iterator[tuple[FakeStormpath, str]]:
    """The emulator in server mode, as the quickstart script runs it."""
    fake = FakeStormpath()
    server = fake.serve(host="127.0.0.1", port=0)
    try:
        yield fake, server.base_url
    finally:
        server.stop()


@pytest.fixture
def live_app(
    stormpath_service: tuple[FakeStormpath, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The unmodified quickstart app, configured through its environment, served on loopback."""
    yield from _serve_quickstart(*stormpath_service, monkeypatch)


#: The Google client scripts/quickstart.sh registers with the emulator's fake Google.
QUICKSTART_GOOGLE = ("quickstart-google", "quickstart-google-secret")


@pytest.fixture
def live_app_with_google(
    stormpath_service: tuple[FakeStormpath, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The quickstart app with Google login on the fake Google, set up as the script does."""
    fake, base_url = stormpath_service
    google = fake.google.urls(base_url)
    monkeypatch.setenv("STORMPATH_GOOGLE_CLIENT_ID", QUICKSTART_GOOGLE[0])
    monkeypatch.setenv("STORMPATH_GOOGLE_CLIENT_SECRET", QUICKSTART_GOOGLE[1])
    monkeypatch.setenv("STORMPATH_GOOGLE_AUTHORIZE_URL", google["authorize"])
    monkeypatch.setenv("STORMPATH_GOOGLE_TOKEN_URL", google["token"])
    for site in _serve_quickstart(fake, base_url, monkeypatch):
        fake.google.add_client(*QUICKSTART_GOOGLE, [f"{site}/google"])
        fake.google.add_identity("grace@example.com", "Grace", "Hopper")
        yield site


def _serve_quickstart(
    fake: FakeStormpath, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    monkeypatch.setenv("STORMPATH_BASE_URL", base_url)
    monkeypatch.setenv("STORMPATH_API_KEY_ID", fake.api_key_id)
    monkeypatch.setenv("STORMPATH_API_KEY_SECRET", fake.api_key_secret)
    monkeypatch.setenv("STORMPATH_APPLICATION", "My Application")
    monkeypatch.setenv("SECRET_KEY", "e2e-secret")
    app = load_quickstart().app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
