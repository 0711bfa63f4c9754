"""End to end through the built-in views: register, verify, forget, reset, log in again."""

from __future__ import annotations

from flask.testing import FlaskClient
from flask_helpers import AppFactory, enable_email_verification, link_target, log_in

from flask_stormpath.views import VERIFY_EMAIL_MESSAGE
from stormpath_fake import FakeStormpath

EMAIL = "grace@example.com"
FIRST_PASSWORD = "C0bol-Forever"
SECOND_PASSWORD = "Fl0wmatic-Rules"


def only_mail(fake: FakeStormpath, kind: str) -> str:
    """The link of the one email of `kind` sent to Grace."""
    [mail] = [m for m in fake.outbox if m.kind == kind]
    assert mail.to == EMAIL
    assert mail.token and mail.token in mail.body
    return link_target(mail.link)


def is_logged_in(client: FlaskClient) -> bool:
    return client.get("/secret").status_code == 200


def test_register_verify_forget_reset_and_log_in(make_app: AppFactory, fake: FakeStormpath) -> None:
    app = make_app(STORMPATH_VERIFY_EMAIL=True, STORMPATH_ENABLE_FORGOT_PASSWORD=True)
    enable_email_verification(app, fake)
    client = app.test_client()

    # Register: the account waits for verification and is not logged in.
    form = {"given_name": "Grace", "surname": "Hopper", "email": EMAIL, "password": FIRST_PASSWORD}
    assert client.post("/register", data=form).status_code == 302
    assert not is_logged_in(client)
    assert VERIFY_EMAIL_MESSAGE in client.get("/login").text
    assert log_in(client, EMAIL, FIRST_PASSWORD).status_code == 200  # refused: unverified

    # Verify with the emailed link: logged in.
    response = client.get(only_mail(fake, "email_verification"))
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert client.get("/secret").text == f"secret for {EMAIL}"

    # Log out, forget the password, follow the reset email's link, choose a new one.
    client.get("/logout")
    assert not is_logged_in(client)
    assert "Check your email" in client.post("/forgot", data={"email": EMAIL}).text
    change_url = only_mail(fake, "password_reset")
    assert 'name="password_again"' in client.get(change_url).text
    passwords = {"password": SECOND_PASSWORD, "password_again": SECOND_PASSWORD}
    assert "Password changed" in client.post(change_url, data=passwords).text
    assert is_logged_in(client)

    # Start over in a new browser: the old password fails, the new one works.
    browser = app.test_client()
    assert log_in(browser, EMAIL, FIRST_PASSWORD).status_code == 200
    assert not is_logged_in(browser)
    assert log_in(browser, EMAIL, SECOND_PASSWORD).headers["Location"] == "/"
    assert browser.get("/secret").text == f"secret for {EMAIL}"

    # Both links were single use.
    assert browser.get(change_url).status_code == 400
    assert browser.get(only_mail(fake, "email_verification")).status_code == 400
