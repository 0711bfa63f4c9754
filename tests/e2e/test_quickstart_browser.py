"""The quickstart, used as a person would: register, reach the secret page, log out, log in."""

from __future__ import annotations

from browser_steps import sign_in_with_google
from playwright.sync_api import Browser, expect

PASSWORD = "Sup3rSecret!pass"


def test_register_logout_login_in_a_real_browser(browser: Browser, live_app: str) -> None:
    page = browser.new_page()
    page.goto(f"{live_app}/secret")
    # Anonymous visitors are sent to the login page, which remembers where they were going.
    assert "/login" in page.url
    assert "next=" in page.url

    page.get_by_role("link", name="Create an Account").click()
    page.fill("input[name=given_name]", "Ada")
    page.fill("input[name=surname]", "Lovelace")
    page.fill("input[name=email]", "ada@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Create Account").click()
    page.wait_for_load_state()

    page.goto(f"{live_app}/secret")
    assert "/login" not in page.url
    expect(page.locator("body")).to_contain_text("ada@example.com")

    page.goto(f"{live_app}/logout")
    page.goto(f"{live_app}/secret")
    assert "/login" in page.url

    page.fill("input[name=login]", "ada@example.com")
    page.fill("input[name=password]", "wrong-Passw0rd")
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    expect(page.get_by_role("alert")).to_contain_text("password is incorrect")

    page.fill("input[name=login]", "ada@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(f"{live_app}/secret")
    expect(page.locator("body")).to_contain_text("ada@example.com")
    page.close()


def test_google_login_in_the_quickstart(browser: Browser, live_app_with_google: str) -> None:
    page = browser.new_page()
    page.goto(f"{live_app_with_google}/secret")
    assert "/login" in page.url
    sign_in_with_google(page, live_app_with_google, "Grace Hopper <grace@example.com>")
    expect(page.locator("body")).to_contain_text("grace@example.com")
    page.close()
