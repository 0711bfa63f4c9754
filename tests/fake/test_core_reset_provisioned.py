"""Auto-provisioned applications survive ``reset()`` (emptied, same hrefs), and
``create_account`` creates accounts without a request, with the API's validation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from stormpath_fake import FakeStormpath
from stormpath_fake.exceptions import StormpathError

BASE = "https://api.stormpath.com/v1"
AUTH = ("any-key-id", "any-key-secret")  # auto-provisioning trusts any key
PASSWORD = "Passw0rdStrong"


@pytest.fixture
def fake() -> Iterator[FakeStormpath]:
    with FakeStormpath(BASE, auto_provision=True) as started:
        yield started


def get(url: str, **params: str) -> Any:
    response = requests.get(url, params=params or None, auth=AUTH, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def post(url: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(url, json=body, auth=AUTH, timeout=5)


def look_up(name: str) -> dict[str, Any]:
    """What a client does to find its application: an exact name search."""
    items = get(f"{BASE}/applications", name=name)["items"]
    assert [item["name"] for item in items] == [name]
    return dict(items[0])


def fill(application: dict[str, Any]) -> None:
    """Give the application an account, a group and custom data."""
    account = {"email": "ada@example.com", "password": PASSWORD, "givenName": "A", "surname": "L"}
    assert post(application["accounts"]["href"], account).status_code == 201
    assert post(application["groups"]["href"], {"name": "admins"}).status_code == 201
    assert post(application["customData"]["href"], {"plan": "pro"}).status_code == 200


def test_reset_keeps_a_provisioned_application_emptied_at_the_same_hrefs(fake):
    application = look_up("Shop")
    mapping = get(application["defaultAccountStoreMapping"]["href"])
    fill(application)

    fake.reset()

    again = get(application["href"])
    assert again["name"] == "Shop"
    assert get(application["accounts"]["href"])["size"] == 0
    assert get(application["groups"]["href"])["size"] == 0
    assert get(application["customData"]["href"]).keys() <= {"href", "createdAt", "modifiedAt"}
    assert get(mapping["href"])["accountStore"] == mapping["accountStore"]
    directory = get(mapping["accountStore"]["href"])
    assert directory["name"] == "Shop Directory"
    assert get(directory["accounts"]["href"])["size"] == 0
    # It is found by name again (not provisioned twice), and is usable.
    assert look_up("Shop")["href"] == application["href"]
    fill(application)


def test_provisioned_applications_survive_every_reset(fake):
    first, second = look_up("Shop"), look_up("Blog")
    for _ in range(3):
        fake.reset()
    listed = get(f"{BASE}/applications")["items"]
    assert sorted(item["name"] for item in listed) == ["Blog", "My Application", "Shop"]
    assert {first["href"], second["href"]} <= {item["href"] for item in listed}


def test_applications_created_otherwise_are_still_removed(fake):
    fake.create_application("Admin made")
    created = post(f"{BASE}/applications?createDirectory=true", {"name": "Posted"})
    assert created.status_code == 201
    fake.reset()
    names = [item["name"] for item in get(f"{BASE}/applications")["items"]]
    assert names == ["My Application"]
    assert fake.find_application("Posted") is None


def test_find_application_does_not_provision(fake):
    assert fake.find_application("Nowhere") is None
    assert [item["name"] for item in get(f"{BASE}/applications")["items"]] == ["My Application"]


def test_strict_mode_provisions_nothing():
    with FakeStormpath(BASE) as fake:
        auth = (fake.api_key_id, fake.api_key_secret)
        found = requests.get(f"{BASE}/applications", params={"name": "Shop"}, auth=auth, timeout=5)
        assert found.json()["size"] == 0
        fake.reset()
        assert fake.find_application("Shop") is None


def test_deterministic_ids_provision_again_with_repeating_ids():
    with FakeStormpath(BASE, auto_provision=True, deterministic_ids=True) as fake:
        look_up("Shop")
        fake.reset()
        after_first_reset = look_up("Shop")["href"]
        fake.reset()
        assert look_up("Shop")["href"] == after_first_reset
        assert get(after_first_reset)["name"] == "Shop"


def test_an_application_renamed_away_is_not_provisioned_twice(fake):
    application = look_up("Shop")
    assert post(application["href"], {"name": "Shop 2"}).status_code == 200
    # The old name is free again: a look-up provisions a new "Shop".
    assert look_up("Shop")["href"] != application["href"]
    fake.reset()
    names = sorted(item["name"] for item in get(f"{BASE}/applications")["items"])
    assert names == ["My Application", "Shop"]


def test_create_account_answers_the_api_json(fake):
    application = look_up("Shop")
    body = fake.create_account(
        application["href"],
        email="ada@example.com",
        password=PASSWORD,
        given_name="Ada",
        surname="Lovelace",
        username=None,
        customData={"plan": "pro"},
    )
    fetched = get(body["href"])
    assert body == fetched
    assert body["username"] == "ada@example.com"  # None was left out: the email is used
    assert get(body["customData"]["href"])["plan"] == "pro"
    assert fake.count_calls("POST") == 0  # no request, nothing in the journal
    directory = get(application["defaultAccountStoreMapping"]["href"])["accountStore"]["href"]
    assert body["directory"]["href"] == directory


def test_create_account_in_a_directory_on_another_base_url(fake):
    fake.intercept("https://stormpath.internal.example/v1")
    directory = fake.directory_href.replace(BASE, "https://stormpath.internal.example/v1")
    body = fake.create_account(
        directory, email="bo@example.com", password=PASSWORD, givenName="Bo", surname="B"
    )
    assert body["href"].startswith("https://stormpath.internal.example/v1/accounts/")
    assert body["directory"]["href"] == directory


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"password": "short"}, 400, 2007),  # the password policy applies
        ({"email": "not an email"}, 400, 2006),
        ({"email": None}, 400, 2000),  # a required field missing
    ],
)
def test_create_account_validates_like_the_api(fake, fields, status, code):
    account = {"email": "a@example.com", "password": PASSWORD, "given_name": "A", "surname": "B"}
    account.update(fields)
    with pytest.raises(StormpathError) as raised:
        fake.create_account(fake.application_href, **account)
    over_http = post(f"{fake.application_href}/accounts", _camel(account))
    assert (raised.value.status, raised.value.code) == (status, over_http.json()["code"])
    assert over_http.status_code == status
    assert raised.value.code == code


def test_create_account_refuses_a_duplicate_and_other_hrefs(fake):
    fields = {"email": "a@example.com", "password": PASSWORD, "given_name": "A", "surname": "B"}
    fake.create_account(fake.directory_href, **fields)
    with pytest.raises(StormpathError) as raised:
        fake.create_account(fake.application_href, **fields)
    assert raised.value.status == 409
    with pytest.raises(ValueError, match="not an application's or a directory's href"):
        fake.create_account(fake.tenant_href, **fields)


def test_create_account_runs_the_verification_workflow(fake):
    directory = get(fake.directory_href)
    policy = directory["accountCreationPolicy"]["href"]
    assert post(policy, {"verificationEmailStatus": "ENABLED"}).status_code == 200
    body = fake.create_account(
        fake.application_href, email="v@example.com", password=PASSWORD, givenName="V", surname="W"
    )
    assert body["status"] == "UNVERIFIED"
    assert [(mail.to, mail.kind) for mail in fake.outbox] == [
        ("v@example.com", "email_verification")
    ]


def _camel(fields: dict[str, Any]) -> dict[str, Any]:
    names = {"given_name": "givenName"}
    return {names.get(key, key): value for key, value in fields.items() if value is not None}


def _reset_template(directory_href: str) -> dict[str, Any]:
    policy = get(get(directory_href)["passwordPolicy"]["href"])
    return dict(get(policy["resetEmailTemplates"]["href"])["items"][0])


@pytest.mark.parametrize("provisioned", [False, True], ids=["built-in", "provisioned"])
def test_reset_restores_templates_and_schema_at_the_same_hrefs(fake, provisioned):
    if provisioned:
        mapping = look_up("Shop")["defaultAccountStoreMapping"]["href"]
        directory = get(mapping)["accountStore"]["href"]
    else:
        directory = fake.directory_href
    template = _reset_template(directory)
    schema = get(get(directory)["accountSchema"]["href"])
    fields = [item["href"] for item in get(schema["fields"]["href"])["items"]]
    assert post(template["href"], {"subject": "Changed"}).status_code == 200
    fake.reset()
    again = _reset_template(directory)
    assert again["href"] == template["href"]
    assert again["subject"] == template["subject"] != "Changed"
    again_schema = get(get(directory)["accountSchema"]["href"])
    assert again_schema["href"] == schema["href"]
    assert [item["href"] for item in get(again_schema["fields"]["href"])["items"]] == fields


def test_an_application_provisioned_by_a_text_search_also_survives_reset(fake):
    items = get(f"{BASE}/applications", q="Text Shop")["items"]
    assert [item["name"] for item in items] == ["Text Shop"]

    fake.reset()

    assert get(items[0]["href"])["name"] == "Text Shop"


def test_read_answers_what_a_get_answers_without_a_request(fake):
    application = look_up("Shop")
    fake.clear_requests()
    assert fake.read(application["href"]) == application
    assert fake.read(fake.directory_href) == get(fake.directory_href)
    fake.clear_requests()
    with pytest.raises(StormpathError) as info:
        fake.read(f"{BASE}/applications/doesNotExist")
    assert info.value.status == 404
    assert fake.requests == []  # neither read was journaled
