"""Google login in a real browser, offline: the app and the emulator (with its fake Google) each
served on loopback, the fake's pick page clicked as a person would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_steps import sign_in_with_google
from flask import Flask
from playwright.sync_api import Browser, expect

from flask_stormpath import StormpathManager, login_required, user
from stormpath_fake import FakeStormpath
from stormpath_fake.server import serve

CLIENT_ID = "e2e-google-client"
CLIENT_SECRET = "e2e-google-secret"


@pytest.fixture
def social_site(stormpath_service: tuple[FakeStormpath, str]) -> Iterator[str]:
    """A Flask app with Google login, pointed at the served emulator and its fake Google."""
    fake, base_url = stormpath_service
    google = fake.google.urls(base_url)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="e2e-social-secret",
        STORMPATH_BASE_URL=base_url,
        STORMPATH_API_KEY_ID=fake.api_key_id,
        STORMPATH_API_KEY_SECRET=fake.api_key_secret,
        STORMPATH_APPLICATION="My Application",
        STORMPATH_ENABLE_GOOGLE=True,
        STORMPATH_SOCIAL={"GOOGLE": {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}},
        STORMPATH_GOOGLE_AUTHORIZE_URL=google["authorize"],
        STORMPATH_GOOGLE_TOKEN_URL=google["token"],
    )
    StormpathManager(app)

    @app.route("/secret")
    @login_required
    def secret() -> str:
        return f"Welcome, {user.given_name} ({user.email})"

    handle = serve(app, base_path="")
    try:
        fake.google.add_client(CLIENT_ID, CLIENT_SECRET, [f"{handle.base_url}/google"])
        fake.google.add_identity("grace@example.com", "Grace", "Hopper")
        fake.google.add_identity("alan@example.com", "Alan", "Turing")
        yield handle.base_url
    finally:
        handle.stop()


def test_google_login_in_a_real_browser(browser: Browser, social_site: str) -> None:
    page = browser.new_page()
    page.goto(f"{social_site}/secret")
    assert "/login" in page.url

    # Changing one's mind on Google's page comes back to the login page with a message.
    page.get_by_role("button", name="Log in with Google").click()
    expect(page.get_by_role("heading", name="Sign in with Google")).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("alert")).to_contain_text("You cancelled the Google login.")
    assert "/login" in page.url

    sign_in_with_google(page, social_site, "Grace Hopper <grace@example.com>")
    expect(page.locator("body")).to_contain_text("Welcome, Grace (grace@example.com)")
    page.close()
