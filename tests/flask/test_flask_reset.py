"""Password reset: /forgot and /forgot/change (messages, no enumeration, single-use tokens)."""

from __future__ import annotations

import logging
from datetime import timedelta

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
    link_target,
)
from jinja2 import ChoiceLoader, DictLoader
from werkzeug.test import TestResponse

from flask_stormpath import StormpathError, User
from flask_stormpath.forms import INVALID_EMAIL_MESSAGE, PASSWORDS_DONT_MATCH_MESSAGE
from flask_stormpath.reset import INVALID_RESET_LINK_MESSAGE
from stormpath.cache.null_cache_store import NullCacheStore
from stormpath_fake import FakeStormpath

NEW_PASSWORD = "N3w-Passw0rd!"


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    return make_app(STORMPATH_ENABLE_FORGOT_PASSWORD=True)


@pytest.fixture
def warm_app(app: Flask) -> Flask:
    """The app with its application looked up, so call counts start from zero."""
    with app.app_context():
        app.extensions["stormpath"].application  # noqa: B018
    return app


def reset_link(client: FlaskClient, fake: FakeStormpath, email: str = "ada@example.com") -> str:
    """Ask for a reset email and return the path of the link it carries."""
    assert client.post("/forgot", data={"email": email}).status_code == 200
    [mail] = [m for m in fake.outbox if m.kind == "password_reset" and m.to == email][-1:]
    return link_target(mail.link)


def change(
    client: FlaskClient, url: str, password: str = NEW_PASSWORD, again: str | None = None
) -> TestResponse:
    return client.post(
        url, data={"password": password, "password_again": password if again is None else again}
    )


def can_log_in(app: Flask, password: str) -> bool:
    """Whether Ada's credentials work (straight through the API, CSRF or not)."""
    with app.app_context():
        try:
            User.from_login("ada@example.com", password)
        except StormpathError:
            return False
    return True


# ------------------------------------------------------------------------------------ /forgot


def test_views_are_off_by_default(make_app: AppFactory) -> None:
    client = make_app().test_client()
    assert client.get("/forgot").status_code == 404
    assert client.get("/forgot/change?sptoken=abc").status_code == 404


def test_forgot_form(client: FlaskClient) -> None:
    page = client.get("/forgot").get_data(as_text=True)
    assert '<label for="email">Email' in page
    assert 'type="email"' in page and "required" in page
    assert "Send Reset Email" in page
    assert 'href="/login">Back to Log In' in page
    assert 'action="/forgot"' in page


def test_known_email_gets_the_reset_email(
    client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    response = client.post("/forgot", data={"email": "ada@example.com"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Check your email" in page and "<strong>ada@example.com</strong>" in page
    [mail] = fake.outbox
    assert (mail.kind, mail.to) == ("password_reset", "ada@example.com")
    assert mail.link.endswith(f"/forgot/change?sptoken={mail.token}")


def test_unknown_email_gets_the_very_same_answer(
    client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    """No account enumeration: same status and body for an address nobody uses."""
    known = client.post("/forgot", data={"email": "ada@example.com"})
    unknown = client.post("/forgot", data={"email": "nobody@example.com"})
    assert unknown.status_code == known.status_code == 200
    body = unknown.get_data(as_text=True)
    assert body == known.get_data(as_text=True).replace("ada@example.com", "nobody@example.com")
    assert [mail.to for mail in fake.outbox] == ["ada@example.com"]
    # ...and the session holds nothing that tells them apart either.
    with client.session_transaction() as session:
        assert "_flashes" not in session


def test_unknown_email_is_logged_quietly(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        client.post("/forgot", data={"email": "nobody@example.com"})
    [record] = [r for r in caplog.records if "shown to the user as sent" in r.getMessage()]
    assert record.levelno == logging.INFO


def test_other_refusals_look_sent_but_are_logged_as_warnings(
    client: FlaskClient, fake: FakeStormpath, caplog: pytest.LogCaptureFixture
) -> None:
    break_api(fake, "POST", r"/applications/[^/]+/passwordResetTokens$", status=400, code=2002)
    with caplog.at_level(logging.WARNING):
        response = client.post("/forgot", data={"email": "ada@example.com"})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    assert any("password reset email" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("email", ["not-an-email", "ada@", "@example.com", "a b@example.com"])
def test_malformed_email(warm_app: Flask, fake: FakeStormpath, email: str) -> None:
    fake.clear_requests()
    response = warm_app.test_client().post("/forgot", data={"email": email})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert INVALID_EMAIL_MESSAGE == "Invalid email address."
    assert INVALID_EMAIL_MESSAGE in page
    assert 'aria-invalid="true"' in page
    assert fake.count_calls() == 0
    assert fake.outbox == []


def test_missing_email(client: FlaskClient, fake: FakeStormpath) -> None:
    response = client.post("/forgot", data={})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert fake.outbox == []


def test_forgot_is_one_api_call(warm_app: Flask, account: User, fake: FakeStormpath) -> None:
    fake.clear_requests()
    warm_app.test_client().post("/forgot", data={"email": account.email})
    fake.assert_called("POST", "/applications/*/passwordResetTokens", times=1)
    assert fake.count_calls() == 1


# ----------------------------------------------------------------------------- /forgot/change


def test_link_shows_the_change_form(
    client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    response = client.get(reset_link(client, fake))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<label for="password">Password' in page
    assert '<label for="password_again">Password (again)' in page
    assert page.count('autocomplete="new-password"') == 2
    assert "Change Password" in page


def test_successful_change_logs_in_and_consumes_the_token(
    app: Flask, client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    url = reset_link(client, fake)
    with client.session_transaction() as session:
        session["planted"] = "attacker"
    response = change(client, url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Password changed" in page
    assert '<meta http-equiv="refresh" content="5; url=/">' in page
    assert 'href="/">Continue now' in page
    # Logged in, with a fresh session.
    assert client.get("/secret").get_data(as_text=True) == "secret for ada@example.com"
    with client.session_transaction() as session:
        assert "planted" not in session
    # The new password works, the old one does not.
    assert can_log_in(app, NEW_PASSWORD)
    assert not can_log_in(app, PASSWORD)
    # The link works once.
    for reused in (client.get(url), change(client, url, "An0ther-Passw0rd")):
        assert reused.status_code == 400
        assert INVALID_RESET_LINK_MESSAGE in reused.get_data(as_text=True)
    assert can_log_in(app, NEW_PASSWORD)


def test_change_uses_the_reset_token_endpoint(
    warm_app: Flask, account: User, fake: FakeStormpath
) -> None:
    client = warm_app.test_client()
    url = reset_link(client, fake)
    fake.clear_requests()
    change(client, url)
    fake.assert_called("POST", "/applications/*/passwordResetTokens/*", times=1)
    assert fake.count_calls("POST", "/accounts/*") == 0


def test_complete_page_goes_to_the_redirect_url(make_app: AppFactory, fake: FakeStormpath) -> None:
    app = make_app(STORMPATH_ENABLE_FORGOT_PASSWORD=True, STORMPATH_REDIRECT_URL="/dashboard")
    create_user(app)
    client = app.test_client()
    page = change(client, reset_link(client, fake)).get_data(as_text=True)
    assert 'content="5; url=/dashboard"' in page
    assert 'href="/dashboard">Continue now' in page


def test_expired_link(app: Flask, client: FlaskClient, account: User, fake: FakeStormpath) -> None:
    url = reset_link(client, fake)
    fake.clock.advance(timedelta(hours=23, minutes=59))
    assert client.get(url).status_code == 200
    fake.clock.advance(timedelta(minutes=2))
    response = client.get(url)
    assert response.status_code == 400
    assert INVALID_RESET_LINK_MESSAGE in response.get_data(as_text=True)
    assert change(client, url).status_code == 400
    assert can_log_in(app, PASSWORD)


@pytest.mark.parametrize("query", ["", "?sptoken=", "?sptoken=unknownToken123", "?other=1"])
def test_missing_or_unknown_token(client: FlaskClient, query: str) -> None:
    for response in (
        client.get(f"/forgot/change{query}"),
        change(client, f"/forgot/change{query}"),
    ):
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert INVALID_RESET_LINK_MESSAGE in page
        # The page offers to send a new email, posting to the forgot view.
        assert 'action="/forgot"' in page and 'name="email"' in page
        assert 'name="password"' not in page


@pytest.mark.parametrize(
    "token",
    [
        "https://evil.example/v1/x",
        "../../accounts/x",
        "..",
        ".",
        "a/b",
        "a b",
        "x" * 2000,
        "tok%0A",
    ],
)
def test_crafted_tokens_never_reach_the_api(
    warm_app: Flask, fake: FakeStormpath, token: str
) -> None:
    client = warm_app.test_client()
    fake.clear_requests()
    response = client.get("/forgot/change", query_string={"sptoken": token})
    assert response.status_code == 400
    assert change(client, f"/forgot/change?sptoken={token}").status_code == 400
    assert fake.count_calls() == 0


def test_dead_link_page_does_not_echo_the_posted_passwords(client: FlaskClient) -> None:
    response = change(client, "/forgot/change?sptoken=unknownToken123", "S3cret-typed!")
    assert "S3cret-typed!" not in response.get_data(as_text=True)


def test_mismatch(app: Flask, client: FlaskClient, account: User, fake: FakeStormpath) -> None:
    url = reset_link(client, fake)
    response = change(client, url, NEW_PASSWORD, "Something-else1")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert PASSWORDS_DONT_MATCH_MESSAGE == "Passwords don't match."
    assert "Passwords don&#39;t match." in page
    assert 'aria-describedby="password_again-error"' in page
    assert NEW_PASSWORD not in page
    assert can_log_in(app, PASSWORD)
    # The link still works.
    assert change(client, url).status_code == 200


def test_password_policy_failure(
    app: Flask, client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    url = reset_link(client, fake)
    response = change(client, url, "short")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Account password minimum length not satisfied." in page
    assert 'role="alert"' in page
    assert client.get("/secret").status_code == 302
    response = change(client, url, "nouppercase1")
    assert "Password requires at least 1 uppercase character." in response.get_data(as_text=True)
    # The refused attempts did not use the link up.
    assert change(client, url).status_code == 200
    assert can_log_in(app, NEW_PASSWORD)


def test_missing_passwords_rerender(
    client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    url = reset_link(client, fake)
    response = client.post(url, data={})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


# ------------------------------------------------------------------------------------ outages


def test_outage_when_sending(client: FlaskClient, account: User, fake: FakeStormpath) -> None:
    break_api(fake, "POST", r"/applications/[^/]+/passwordResetTokens$")
    assert_unavailable(client.post("/forgot", data={"email": account.email}))


@pytest.mark.usefixtures("no_retry_delays")
def test_outage_when_checking_the_link(
    client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    url = reset_link(client, fake)
    break_api(fake, "GET", r"/applications/[^/]+/passwordResetTokens/.+")
    assert_unavailable(client.get(url))


def test_outage_when_changing(
    app: Flask, client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    url = reset_link(client, fake)
    break_api(fake, "POST", r"/applications/[^/]+/passwordResetTokens/.+")
    assert_unavailable(change(client, url))
    assert client.get("/secret").status_code == 302


@pytest.mark.usefixtures("no_retry_delays")
def test_outage_after_the_change_still_reports_success(
    make_app: AppFactory, fake: FakeStormpath, caplog: pytest.LogCaptureFixture
) -> None:
    """The password is changed: say so, even if logging in afterwards fails."""
    # Without a cache the log-in after the change must read the account, which the outage breaks.
    app = make_app(STORMPATH_ENABLE_FORGOT_PASSWORD=True, STORMPATH_CACHE={"store": NullCacheStore})
    create_user(app)
    client = app.test_client()
    url = reset_link(client, fake)
    break_api(fake, "GET", r"/accounts/[^/]+$")
    with caplog.at_level(logging.WARNING):
        response = change(client, url)
    assert response.status_code == 200
    assert "Password changed" in response.get_data(as_text=True)
    assert any("Password changed, but" in r.getMessage() for r in caplog.records)


# --------------------------------------------------------------------------------------- CSRF


def test_csrf_protects_both_forms(make_app: AppFactory, fake: FakeStormpath) -> None:
    app = make_app(STORMPATH_ENABLE_FORGOT_PASSWORD=True, WTF_CSRF_ENABLED=True)
    create_user(app)
    client = app.test_client()
    assert client.post("/forgot", data={"email": "ada@example.com"}).status_code == 200
    assert fake.outbox == []
    data = {"email": "ada@example.com", "csrf_token": csrf_token(client, "/forgot")}
    assert "Check your email" in client.post("/forgot", data=data).text
    url = link_target(fake.outbox[0].link)
    assert "Password changed" not in change(client, url).text
    assert can_log_in(app, PASSWORD)
    data = {
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
        "csrf_token": csrf_token(client, url),
    }
    assert "Password changed" in client.post(url, data=data).text
    assert can_log_in(app, NEW_PASSWORD)


# ----------------------------------------------------------------------------------- settings


def test_urls_can_be_moved(make_app: AppFactory, fake: FakeStormpath) -> None:
    app = make_app(
        STORMPATH_ENABLE_FORGOT_PASSWORD=True,
        STORMPATH_FORGOT_PASSWORD_URL="/lost",
        STORMPATH_FORGOT_PASSWORD_CHANGE_URL="/lost/new",
    )
    create_user(app)
    client = app.test_client()
    assert client.get("/forgot").status_code == 404
    assert 'href="/lost">Forgot Password?' in client.get("/login").text
    assert 'action="/lost"' in client.get("/lost").text
    assert client.post("/lost", data={"email": "ada@example.com"}).status_code == 200
    token = fake.outbox[0].token
    assert 'name="password_again"' in client.get(f"/lost/new?sptoken={token}").text
    assert 'action="/lost"' in client.get("/lost/new").text


def test_template_settings(make_app: AppFactory, fake: FakeStormpath) -> None:
    app = make_app(
        STORMPATH_ENABLE_FORGOT_PASSWORD=True,
        STORMPATH_FORGOT_PASSWORD_TEMPLATE="f.html",
        STORMPATH_FORGOT_PASSWORD_EMAIL_SENT_TEMPLATE="sent.html",
        STORMPATH_FORGOT_PASSWORD_CHANGE_TEMPLATE="change.html",
        STORMPATH_FORGOT_PASSWORD_COMPLETE_TEMPLATE="done.html",
    )
    templates = {
        "f.html": "forgot {{ form.email.name }}",
        "sent.html": "sent to {{ email }}",
        "change.html": "change {{ form.password_again.name }}",
        "done.html": "done",
    }
    app.jinja_loader = ChoiceLoader([DictLoader(templates), app.jinja_loader])  # type: ignore[assignment,list-item]
    create_user(app)
    client = app.test_client()
    assert client.get("/forgot").text == "forgot email"
    assert (
        client.post("/forgot", data={"email": "ada@example.com"}).text == "sent to ada@example.com"
    )
    url = link_target(fake.outbox[0].link)
    assert client.get(url).text == "change password_again"
    assert change(client, url).text == "done"
    assert (client.get(url).status_code, client.get(url).text) == (400, "forgot email")


def test_pages_are_self_contained_and_labelled(
    client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    url = reset_link(client, fake)
    pages = [
        client.get("/forgot").text,
        client.post("/forgot", data={"email": "ada@example.com"}).text,
        client.get(url).text,
        change(client, url).text,
    ]
    for page in pages:
        assert '<html lang="en">' in page and 'href="/_stormpath/static/stormpath.css"' in page
        assert "https://" not in page and "//cdn" not in page
        assert 'aria-labelledby="sp-title"' in page
    assert '<label for="email">' in pages[0]
    assert 'role="status"' in pages[1] and 'role="status"' in pages[3]
