"""Email verification: registration, /verify (links and resending), unverified logins."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_helpers import (
    PASSWORD,
    AppFactory,
    assert_unavailable,
    break_api,
    create_user,
    csrf_token,
    enable_email_verification,
    link_target,
    log_in,
)
from jinja2 import ChoiceLoader, DictLoader
from werkzeug.test import TestResponse

from flask_stormpath.errors import UNVERIFIED_ACCOUNT_MESSAGE
from flask_stormpath.verify import INVALID_VERIFICATION_LINK_MESSAGE
from flask_stormpath.views import VERIFY_EMAIL_MESSAGE
from stormpath_fake import FakeStormpath

FORM = {"given_name": "Grace", "surname": "Hopper", "email": "grace@example.com"}


@pytest.fixture
def app(make_app: AppFactory, fake: FakeStormpath) -> Flask:
    """Verification on in the extension and in the directory's workflow."""
    app = make_app(STORMPATH_VERIFY_EMAIL=True)
    enable_email_verification(app, fake)
    return app


def register(client: FlaskClient, email: str = "grace@example.com") -> TestResponse:
    return client.post("/register", data={**FORM, "email": email, "password": PASSWORD})


def verification_link(fake: FakeStormpath, email: str = "grace@example.com") -> str:
    mails = [m for m in fake.outbox if m.kind == "email_verification" and m.to == email]
    assert mails, fake.outbox
    return link_target(mails[-1].link)


def status_of(app: Flask, email: str) -> str:
    with app.app_context():
        application = app.extensions["stormpath"].application
        [account] = application.accounts.search({"email": email})
        return str(account.status)


# ------------------------------------------------------------------------------ registration


def test_registration_leaves_the_account_unverified_and_logged_out(
    app: Flask, client: FlaskClient, fake: FakeStormpath
) -> None:
    response = register(client)
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert status_of(app, "grace@example.com") == "UNVERIFIED"
    assert client.get("/secret").status_code == 302
    # The message waits for the next page that shows messages.
    assert VERIFY_EMAIL_MESSAGE in client.get("/login").text
    [mail] = fake.outbox
    assert (mail.kind, mail.to) == ("email_verification", "grace@example.com")


def test_workflow_alone_also_keeps_the_new_account_logged_out(
    make_app: AppFactory, fake: FakeStormpath
) -> None:
    app = make_app()  # STORMPATH_VERIFY_EMAIL off, but the directory wants verification
    enable_email_verification(app, fake)
    client = app.test_client()
    assert register(client).status_code == 302
    assert client.get("/secret").status_code == 302
    assert VERIFY_EMAIL_MESSAGE in client.get("/login").text
    assert client.get("/verify").status_code == 404


def test_setting_alone_does_not_log_in_at_registration(make_app: AppFactory) -> None:
    """With the setting on, registration never logs in (the account may log in later)."""
    app = make_app(STORMPATH_VERIFY_EMAIL=True)
    client = app.test_client()
    assert register(client).status_code == 302
    assert status_of(app, "grace@example.com") == "ENABLED"
    assert client.get("/secret").status_code == 302
    assert log_in(client, login="grace@example.com").status_code == 302
    assert client.get("/secret").status_code == 200


# ----------------------------------------------------------------------------------- /verify


def test_verify_view_exists_only_with_the_setting(make_app: AppFactory) -> None:
    assert make_app().test_client().get("/verify").status_code == 404
    assert make_app(STORMPATH_VERIFY_EMAIL=True).test_client().get("/verify").status_code == 200


def test_link_verifies_logs_in_and_redirects(
    app: Flask, client: FlaskClient, fake: FakeStormpath
) -> None:
    register(client)
    with client.session_transaction() as session:
        session["planted"] = "attacker"
    response = client.get(verification_link(fake))
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert status_of(app, "grace@example.com") == "ENABLED"
    assert client.get("/secret").text == "secret for grace@example.com"
    with client.session_transaction() as session:
        assert "planted" not in session


def test_link_redirects_to_the_redirect_url(make_app: AppFactory, fake: FakeStormpath) -> None:
    app = make_app(STORMPATH_VERIFY_EMAIL=True, STORMPATH_REDIRECT_URL="/dashboard")
    enable_email_verification(app, fake)
    client = app.test_client()
    register(client)
    # `next` is not honoured here: the target is the configured one.
    response = client.get(verification_link(fake) + "&next=https://evil.example/")
    assert response.headers["Location"] == "/dashboard"


def test_link_works_once(client: FlaskClient, fake: FakeStormpath) -> None:
    register(client)
    url = verification_link(fake)
    client.get(url)
    client.get("/logout")
    response = client.get(url)
    assert response.status_code == 400
    page = response.text
    assert INVALID_VERIFICATION_LINK_MESSAGE in page
    assert 'action="/verify"' in page and 'name="login"' in page
    assert client.get("/secret").status_code == 302


@pytest.mark.parametrize(
    "token", ["", "unknownToken123", "https://evil.example/v1/x", "a/b", "x" * 2000]
)
def test_bad_links(app: Flask, fake: FakeStormpath, token: str) -> None:
    with app.app_context():
        app.extensions["stormpath"].application  # noqa: B018
    fake.clear_requests()
    response = app.test_client().get("/verify", query_string={"sptoken": token})
    assert response.status_code == 400
    assert INVALID_VERIFICATION_LINK_MESSAGE in response.text
    # Only a token-shaped value is ever sent to the API.
    assert fake.count_calls() == (1 if token == "unknownToken123" else 0)


def test_resend_form(make_app: AppFactory) -> None:
    page = make_app(STORMPATH_VERIFY_EMAIL=True).test_client().get("/verify").text
    assert '<label for="login">Email' in page
    assert "Send Verification Email" in page
    assert 'role="alert"' not in page
    page = make_app(STORMPATH_VERIFY_EMAIL=True, STORMPATH_ENABLE_USERNAME=True).test_client()
    assert '<label for="login">Username or Email' in page.get("/verify").text


def test_resend_sends_a_new_link(app: Flask, client: FlaskClient, fake: FakeStormpath) -> None:
    register(client)
    old = verification_link(fake)
    response = client.post("/verify", data={"login": "grace@example.com"})
    assert response.status_code == 200
    assert "<strong>grace@example.com</strong>" in response.text
    new = verification_link(fake)
    assert new != old and len(fake.outbox) == 2
    assert client.get(old).status_code == 400
    assert client.get(new).status_code == 302
    assert status_of(app, "grace@example.com") == "ENABLED"


def test_resend_reveals_nothing(app: Flask, fake: FakeStormpath) -> None:
    register(app.test_client())
    client = app.test_client()
    known = client.post("/verify", data={"login": "grace@example.com"})
    unknown = client.post("/verify", data={"login": "nobody@example.com"})
    assert unknown.status_code == known.status_code == 200
    assert unknown.text == known.text.replace("grace@example.com", "nobody@example.com")
    assert [mail.to for mail in fake.outbox] == ["grace@example.com"] * 2
    with client.session_transaction() as session:
        assert "_flashes" not in session


def test_resend_with_the_workflow_off_looks_sent_and_is_logged(
    make_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(STORMPATH_VERIFY_EMAIL=True)
    create_user(app)
    with caplog.at_level(logging.WARNING):
        response = app.test_client().post("/verify", data={"login": "ada@example.com"})
    assert response.status_code == 200
    assert "Check your email" in response.text
    assert any("verification email" in r.getMessage() for r in caplog.records)


def test_resend_needs_a_login(client: FlaskClient, fake: FakeStormpath) -> None:
    response = client.post("/verify", data={"login": "  "})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert fake.outbox == []


# ------------------------------------------------------------------------- unverified logins


def test_unverified_login_gets_a_clear_message(client: FlaskClient) -> None:
    register(client)
    response = log_in(client, login="grace@example.com")
    assert response.status_code == 200
    page = response.text
    assert UNVERIFIED_ACCOUNT_MESSAGE in page
    assert "Login attempt failed" not in page
    assert 'href="/verify">Send the verification email again' in page
    assert client.get("/secret").status_code == 302


def test_unverified_message_without_the_verify_view(
    make_app: AppFactory, fake: FakeStormpath
) -> None:
    app = make_app()
    create_user(app, status="UNVERIFIED")
    page = log_in(app.test_client()).text
    assert UNVERIFIED_ACCOUNT_MESSAGE in page
    assert "Send the verification email again" not in page


def test_other_login_failures_do_not_offer_a_new_email(client: FlaskClient) -> None:
    register(client)
    page = log_in(client, login="grace@example.com", password="Wr0ng-password").text
    assert "the specified password is incorrect" in page
    assert "Send the verification email again" not in page


# ------------------------------------------------------------------------------------ outages


def test_outage_when_verifying(client: FlaskClient, fake: FakeStormpath) -> None:
    register(client)
    break_api(fake, "POST", r"/accounts/emailVerificationTokens/.+")
    assert_unavailable(client.get(verification_link(fake)))
    assert client.get("/secret").status_code == 302


def test_outage_when_resending(client: FlaskClient, fake: FakeStormpath) -> None:
    break_api(fake, "POST", r"/applications/[^/]+/verificationEmails$")
    assert_unavailable(client.post("/verify", data={"login": "grace@example.com"}))


@pytest.mark.usefixtures("no_retry_delays")
def test_outage_after_verifying_still_redirects(
    app: Flask, client: FlaskClient, fake: FakeStormpath, caplog: pytest.LogCaptureFixture
) -> None:
    register(client)
    break_api(fake, "GET", r"/accounts/[^/]+$")
    with caplog.at_level(logging.WARNING):
        response = client.get(verification_link(fake))
    assert response.status_code == 302
    assert any("Email address verified, but" in r.getMessage() for r in caplog.records)


# ------------------------------------------------------------------------------ CSRF, settings


def test_resend_form_needs_the_csrf_token(make_app: AppFactory, fake: FakeStormpath) -> None:
    app = make_app(STORMPATH_VERIFY_EMAIL=True, WTF_CSRF_ENABLED=True)
    enable_email_verification(app, fake)
    create_user(app)  # unverified: it gets its first verification email now
    client = app.test_client()
    assert "Check your email" not in client.post("/verify", data={"login": "ada@example.com"}).text
    assert len(fake.outbox) == 1
    data = {"login": "ada@example.com", "csrf_token": csrf_token(client, "/verify")}
    assert "Check your email" in client.post("/verify", data=data).text
    assert len(fake.outbox) == 2


def test_url_and_template_settings(make_app: AppFactory, fake: FakeStormpath) -> None:
    app = make_app(
        STORMPATH_VERIFY_EMAIL=True,
        STORMPATH_VERIFY_EMAIL_URL="/confirm",
        STORMPATH_VERIFY_EMAIL_TEMPLATE="v.html",
        STORMPATH_VERIFY_EMAIL_SENT_TEMPLATE="vs.html",
    )
    templates = {"v.html": "resend {{ form.login.name }}", "vs.html": "sent {{ login }}"}
    app.jinja_loader = ChoiceLoader([DictLoader(templates), app.jinja_loader])  # type: ignore[assignment,list-item]
    client = app.test_client()
    assert client.get("/verify").status_code == 404
    assert client.get("/confirm").text == "resend login"
    assert client.post("/confirm", data={"login": "x@example.com"}).text == "sent x@example.com"
    response = client.get("/confirm?sptoken=unknownToken123")
    assert (response.status_code, response.text) == (400, "resend login")


def test_default_templates(make_app: AppFactory) -> None:
    from flask_stormpath.settings import DEFAULTS

    assert DEFAULTS["STORMPATH_VERIFY_EMAIL_URL"] == "/verify"
    assert DEFAULTS["STORMPATH_VERIFY_EMAIL_TEMPLATE"] == "flask_stormpath/verify.html"
    assert DEFAULTS["STORMPATH_VERIFY_EMAIL_SENT_TEMPLATE"] == (
        "flask_stormpath/verify_email_sent.html"
    )


def test_pages_are_self_contained_and_labelled(client: FlaskClient) -> None:
    pages = [client.get("/verify").text, client.post("/verify", data={"login": "a@b.c"}).text]
    for page in pages:
        assert '<html lang="en">' in page and 'href="/_stormpath/static/stormpath.css"' in page
        assert "https://" not in page
    assert '<label for="login">' in pages[0]
    assert 'role="status"' in pages[1]
