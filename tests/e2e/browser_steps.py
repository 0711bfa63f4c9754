"""Steps the browser tests share."""

from __future__ import annotations

from playwright.sync_api import Page


def sign_in_with_google(page: Page, site: str, person: str) -> None:
    """From the login page: Google's button, then `person`'s entry on the fake Google's page,
    back to the page asked for first (`site`/secret)."""
    page.get_by_role("button", name="Log in with Google").click()
    page.get_by_role("button", name=person).click()
    page.wait_for_url(f"{site}/secret")
