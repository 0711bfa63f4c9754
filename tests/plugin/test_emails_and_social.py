"""`follow_email_link` (issue 5) and `social_login` (issue 6), through a sample project."""

from __future__ import annotations

from typing import Any

CONFTEST = """
import pytest
from flask import Flask
from flask_stormpath import StormpathManager, login_required, user


@pytest.fixture
def app():
    app = Flask("flows")
    app.config.update(
        SECRET_KEY="flows",
        WTF_CSRF_ENABLED=False,
        STORMPATH_API_KEY_ID="any-key",
        STORMPATH_API_KEY_SECRET="any-secret",
        STORMPATH_APPLICATION="Flows",
        STORMPATH_ENABLE_FORGOT_PASSWORD=True,
        STORMPATH_VERIFY_EMAIL=True,
        STORMPATH_ENABLE_GOOGLE=True,
        STORMPATH_ENABLE_FACEBOOK=True,
        STORMPATH_SOCIAL={
            "GOOGLE": {"client_id": "google-id", "client_secret": "google-secret"},
            "FACEBOOK": {"app_id": "fb-id", "app_secret": "fb-secret"},
        },
    )
    StormpathManager(app)

    @app.route("/me")
    @login_required
    def me():
        return {"email": user.email}

    return app
"""

TESTS = """
import pytest

NEW_PASSWORD = "N3w-Passw0rd-xyz"


def test_forgot_follow_change_log_in(make_user, client, stormpath_outbox, follow_email_link):
    user = make_user()
    assert client.post("/forgot", data={"email": user.email}).status_code == 200
    [mail] = stormpath_outbox
    assert mail.kind == "password_reset"
    form = follow_email_link(mail)
    assert form.status_code == 200 and "password_again" in form.text
    changed = follow_email_link(mail, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert "Password changed" in changed.text
    assert client.get("/me").json["email"] == user.email
    client.get("/logout")
    assert client.get("/me").status_code == 302
    form = {"login": user.email, "password": NEW_PASSWORD}
    assert client.post("/login", data=form).status_code == 302
    assert client.get("/me").json["email"] == user.email
    # The link works once.
    assert follow_email_link(mail).status_code == 400


def test_register_verify_by_link(app, client, stormpath_outbox, follow_email_link):
    with app.app_context():
        directory = app.extensions["stormpath"].application.default_account_store_mapping
        policy = directory.account_store.account_creation_policy
        policy.verification_email_status = "ENABLED"
        policy.save()
    form = {
        "email": "vera@example.com",
        "password": "Passw0rd-xyz",
        "given_name": "Vera",
        "surname": "Fy",
    }
    client.post("/register", data=form)
    assert client.get("/me").status_code == 302  # not logged in before verifying
    [mail] = stormpath_outbox
    assert mail.link.split("?")[0].endswith("/verify")
    assert follow_email_link(mail.link).status_code == 302
    assert client.get("/me").json["email"] == "vera@example.com"


def test_another_client_and_client_options(make_user, app, stormpath_outbox, follow_email_link):
    user = make_user()
    other = app.test_client()
    other.post("/forgot", data={"email": user.email})
    page = follow_email_link(stormpath_outbox[-1], client=other, follow_redirects=True)
    assert page.status_code == 200


def test_an_email_without_link(follow_email_link):
    follow_email_link("")


def test_the_welcome_email_has_no_link(make_user, follow_email_link):
    class Welcome:
        kind, to, link = "welcome", "ada@example.com", None

    follow_email_link(Welcome())


@pytest.mark.parametrize("provider", ["google", "facebook"])
def test_social_login(provider, social_login, client):
    user = social_login(provider, email="grace@example.com", given_name="Grace")
    assert (user.email, user.given_name) == ("grace@example.com", "Grace")
    assert client.get("/me").json["email"] == "grace@example.com"


def test_social_login_makes_up_the_rest(social_login, client):
    user = social_login("google", next="/me")
    assert "@" in user.email and user.given_name and user.surname
    assert client.get("/me").json["email"] == user.email


def test_the_same_identity_twice_is_the_same_account(social_login):
    first = social_login("google", email="grace@example.com")
    assert social_login("google", email="grace@example.com").href == first.href
"""

DISABLED = """
def test_social_login_on_an_app_without_it(social_login):
    social_login("google", email="grace@example.com")
"""


def test_emails_and_social_login(sample: Any) -> None:
    sample.write("conftest.py", CONFTEST)
    sample.write("test_flows.py", TESTS)
    result = sample.run("--stormpath-fake", "test_flows.py")
    result.assert_outcomes(passed=7, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*follow_email_link: '' carries no link*",
            "*follow_email_link: the welcome email to ada@example.com carries no link*",
        ]
    )
    assert "pytest_stormpath/" not in result.stdout.str()


def test_social_login_failure_is_one_line(sample: Any) -> None:
    sample.write("test_disabled.py", DISABLED)
    result = sample.run("--stormpath-fake", "test_disabled.py")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*social_login: GET /google answered 404, not a redirect to google*"]
    )
    assert "pytest_stormpath/" not in result.stdout.str()


def test_social_login_needs_fake_mode(sample: Any) -> None:
    sample.write("test_disabled.py", DISABLED)
    result = sample.run("test_disabled.py", "-rs")
    result.assert_outcomes(skipped=1)
