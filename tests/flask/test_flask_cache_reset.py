"""`StormpathManager.clear_cache`: an app kept while the service's data changes under it."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_helpers import base_config, create_user, log_in

from flask_stormpath import StormpathManager
from stormpath_fake import FakeStormpath


def manager(app: Flask) -> StormpathManager:
    extension = app.extensions["stormpath"]
    assert isinstance(extension, StormpathManager)
    return extension


def test_without_it_a_deleted_account_is_still_served_from_the_cache(
    app: Flask, client: FlaskClient, fake: FakeStormpath
) -> None:
    create_user(app)
    assert log_in(client).status_code == 302
    fake.reset()  # the account is gone from the service
    assert client.get("/secret").text == "secret for ada@example.com"


def test_the_next_read_asks_the_api(app: Flask, client: FlaskClient, fake: FakeStormpath) -> None:
    create_user(app)
    assert log_in(client).status_code == 302
    fake.reset()
    manager(app).clear_cache(app)
    # The session's account no longer exists: an anonymous visitor, sent to log in.
    assert client.get("/secret").status_code == 302


def test_the_client_and_application_are_kept_without_a_call(
    app: Flask, fake: FakeStormpath
) -> None:
    with app.app_context():
        client, application = manager(app).client, manager(app).application
        fake.clear_requests()
        manager(app).clear_cache()  # the current app
        assert manager(app).client is client
        assert manager(app).application is application
    assert fake.count_calls() == 0


def test_outside_an_app_context_it_clears_the_app_given_or_the_last_bound(
    fake: FakeStormpath,
) -> None:
    first, last = Flask("first"), Flask("last")
    for app in (first, last):
        app.config.update(base_config(fake))
    shared = StormpathManager()
    shared.init_app(first)
    shared.init_app(last)
    user = create_user(first)
    for app in (first, last):
        with app.app_context():
            shared.client.accounts.get(user.href).email  # noqa: B018 - cached now
    fake.clear_requests()
    shared.clear_cache(first)
    shared.clear_cache()  # `last`
    for app in (first, last):
        with app.app_context():
            assert shared.client.accounts.get(user.href).email == "ada@example.com"
    assert fake.count_calls("GET", "/accounts/*") == 2


def test_a_changed_application_setting_drops_the_application(
    app: Flask, fake: FakeStormpath
) -> None:
    fake.create_application("Other")
    with app.app_context():
        client = manager(app).client
        assert manager(app).application.name == "My Application"
        app.config["STORMPATH_APPLICATION"] = "Other"
        manager(app).clear_cache()
        assert manager(app).client is client
        assert manager(app).application.name == "Other"


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("STORMPATH_API_KEY_ID", "other-key"),
        ("STORMPATH_BASE_URL", "https://enterprise.stormpath.io/v1"),
        ("STORMPATH_CACHE", {"ttl": 1, "tti": 1}),
    ],
)
def test_a_changed_client_setting_drops_client_and_application(
    app: Flask, setting: str, value: object
) -> None:
    with app.app_context():
        client, application = manager(app).client, manager(app).application
        app.config[setting] = value
        manager(app).clear_cache()
        assert manager(app).client is not client
        assert manager(app).client.base_url == app.config["STORMPATH_BASE_URL"]
        # Built again on next use (not read here: the new settings point nowhere real).
        assert manager(app)._states[app].application is None
    assert application.href


def test_before_any_use_it_builds_nothing(app: Flask, fake: FakeStormpath) -> None:
    manager(app).clear_cache(app)
    assert manager(app)._states[app].client is None
    assert fake.count_calls() == 0


def test_an_app_it_was_not_initialised_for_is_refused(app: Flask) -> None:
    with pytest.raises(RuntimeError, match="not initialised for app"):
        manager(app).clear_cache(Flask("stranger"))
