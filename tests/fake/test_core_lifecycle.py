"""FakeStormpath lifecycle: context manager, decorator, start/stop, reset, intercept,
deterministic ids, auto-provisioning and coexistence with ``responses``."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
import requests
import responses
from helpers_core import Http, basic_value, started_http

from stormpath_fake import FakeStormpath


@pytest.fixture
def http() -> Iterator[Http]:
    yield from started_http()


BASE = "https://api.stormpath.com/v1"


def _get(fake: FakeStormpath, url: str) -> requests.Response:
    return requests.get(url, auth=(fake.api_key_id, fake.api_key_secret), allow_redirects=False)


def test_context_manager_intercepts_only_while_active():
    fake = FakeStormpath()
    with fake as started:
        assert started is fake
        assert _get(fake, fake.application_href).json()["name"] == "My Application"
    with responses.RequestsMock() as outer:
        # After exit the fake no longer answers: the outer mock sees the request.
        with pytest.raises(requests.ConnectionError):
            _get(fake, fake.application_href)
        assert len(outer.calls) == 1


def test_decorator_runs_the_function_with_the_fake_started():
    fake = FakeStormpath()

    @fake
    def fetch(name: str) -> tuple[str, int]:
        return name, _get(fake, fake.tenant_href).status_code

    assert fetch.__name__ == "fetch"
    assert fetch("x") == ("x", 200)
    assert fake.count_calls("GET", "/tenants/*") == 1


def test_start_stop_keeps_state():
    fake = FakeStormpath()
    fake.start()
    fake.start()  # idempotent
    href = fake.create_application("Kept")
    fake.stop()
    fake.stop()
    fake.start()
    try:
        assert _get(fake, href).json()["name"] == "Kept"
    finally:
        fake.stop()


def test_fresh_state_matches_the_contract(http):
    fake = http.fake
    tenant = http.get("/tenants/current")
    assert tenant.status_code == 302
    assert tenant.headers["Location"] == fake.tenant_href
    app = http.ok(fake.application_href, expand="accountStoreMappings")
    assert app["name"] == "My Application"
    mappings = app["accountStoreMappings"]["items"]
    assert [(m["listIndex"], m["accountStore"]["href"]) for m in mappings] == [
        (0, fake.directory_href)
    ]
    assert mappings[0]["isDefaultAccountStore"] and mappings[0]["isDefaultGroupStore"]
    assert app["defaultAccountStoreMapping"] == {"href": mappings[0]["href"]}
    assert http.ok(fake.directory_href)["name"] == "My Application Directory"
    tenant_body = http.ok(fake.tenant_href)
    for name in ("applications", "directories", "accounts", "groups", "customData"):
        assert tenant_body[name] == {"href": f"{fake.tenant_href}/{name}"}


def test_reset_restores_fresh_state_with_same_hrefs_and_keys(http):
    fake = http.fake
    hrefs = (fake.tenant_href, fake.application_href, fake.directory_href, fake.api_key_id)
    fake.add_api_key("EXTRA", "extra-secret")
    http.account()
    http.post(f"{fake.application_href}/passwordResetTokens", {"email": "nobody@example.com"})
    fake.create_application("Other")
    fake.clock.advance(3600)
    fake.reset()
    assert (fake.tenant_href, fake.application_href, fake.directory_href, fake.api_key_id) == hrefs
    assert fake.requests == [] and fake.outbox == []
    assert http.ok(f"{fake.application_href}/accounts")["size"] == 0
    assert http.ok(f"{fake.tenant_href}/applications")["size"] == 1
    assert http.ok(fake.application_href)["defaultAccountStoreMapping"] is not None
    extra = requests.get(fake.tenant_href, auth=("EXTRA", "extra-secret"))
    assert extra.status_code == 200


def test_deterministic_ids_repeat_across_instances_and_resets():
    first = FakeStormpath(deterministic_ids=True)
    second = FakeStormpath(deterministic_ids=True)
    assert first.application_href == second.application_href
    assert first.api_key_id == second.api_key_id
    created = first.create_application("A")
    first.reset()
    assert first.create_application("A") == created
    assert FakeStormpath().application_href != first.application_href


def test_ids_are_22_char_base62():
    fake = FakeStormpath()
    app_id = fake.application_href.rsplit("/", 1)[1]
    assert len(app_id) == 22 and app_id.isalnum()


def test_intercept_serves_another_base_url_with_its_own_hrefs(http):
    fake = http.fake
    other = "http://localhost:8123/v1"
    fake.intercept(other)
    fake.intercept(other + "/")  # idempotent
    app_id = fake.application_href.rsplit("/", 1)[1]
    body = _get(fake, f"{other}/applications/{app_id}").json()
    assert body["href"] == f"{other}/applications/{app_id}"
    assert body["tenant"]["href"].startswith(other + "/tenants/")
    redirect = _get(fake, f"{other}/tenants/current")
    assert redirect.headers["Location"].startswith(other + "/tenants/")


def test_create_and_find_application(http):
    fake = http.fake
    href = fake.create_application("Shop")
    app = http.ok(href)
    assert app["defaultAccountStoreMapping"] is not None
    assert fake.find_application("shop") == href
    assert fake.find_application("nope") is None
    bare = fake.create_application("Bare", create_directory=False)
    assert http.ok(bare)["defaultAccountStoreMapping"] is None


def test_fake_mock_add_overrides_an_endpoint_and_serves_other_urls(http):
    fake = http.fake
    login_url = f"{fake.application_href}/loginAttempts"
    fake.mock.add(responses.POST, login_url, json={"status": 503}, status=503)
    fake.mock.add(responses.GET, "https://example.test/ping", json={"pong": True})
    assert http.session.post(login_url, json={}).status_code == 503
    assert requests.get("https://example.test/ping").json() == {"pong": True}
    # The fake's own callback survives the override and serves everything else.
    assert http.get(fake.application_href).status_code == 200
    assert http.get(fake.application_href).status_code == 200


def test_mock_calls_record_your_responses_not_the_emulators_traffic(http):
    fake = http.fake
    fake.mock.add(responses.GET, "https://example.test/ping", json={"pong": True})
    for _ in range(20):
        assert http.get(fake.application_href).status_code == 200
    assert requests.get("https://example.test/ping").json() == {"pong": True}
    # The emulator's calls are in its journal; responses keeps no second, heavier record.
    assert len(fake.requests) == 20
    assert [call.request.url for call in fake.mock.calls] == ["https://example.test/ping"]
    assert [r.call_count for r in fake.mock.registered()] == [1]
    fake.mock.add(responses.GET, fake.application_href, json={}, status=503)
    assert http.session.get(fake.application_href).status_code == 503  # yours: recorded
    assert len(fake.mock.calls) == 2
    # The fake identity providers keep no journal: responses records their calls.
    assert requests.get("https://accounts.google.com/o/oauth2/v2/auth").status_code == 400
    assert fake.mock.calls[-1].request.url.startswith("https://accounts.google.com/")
    assert len(fake.mock.calls) == 3


def test_a_request_answered_by_the_emulator_then_by_yours_is_recorded(http):
    fake = http.fake
    prepared = requests.Request("GET", fake.application_href, auth=http.session.auth).prepare()
    with requests.Session() as session:
        assert session.send(prepared).status_code == 200
        fake.mock.add(responses.GET, fake.application_href, status=418)
        assert session.send(prepared).status_code == 418
    assert [call.response.status_code for call in fake.mock.calls] == [418]


@responses.activate
def test_started_inside_an_active_responses_mock_both_serve():
    responses.add(responses.GET, "https://example.test/users", json=[1, 2])
    with FakeStormpath() as fake:
        assert requests.get("https://example.test/users").json() == [1, 2]
        assert _get(fake, fake.application_href).status_code == 200
        unknown = "https://example.test/unregistered"
        with pytest.raises(requests.ConnectionError):
            requests.get(unknown)  # the outer mock still refuses what it does not know
    assert len(responses.calls) == 2


def test_nested_fakes_on_different_base_urls():
    with FakeStormpath() as outer, FakeStormpath("http://inner.test/v1") as inner:
        assert _get(outer, outer.application_href).status_code == 200
        assert _get(inner, inner.application_href).status_code == 200
        # Each fake accepts only its own key.
        wrong = requests.get(inner.application_href, auth=(outer.api_key_id, outer.api_key_secret))
        assert wrong.status_code == 401


def test_auto_provision_trusts_unknown_keys_and_creates_apps_on_lookup():
    with FakeStormpath(auto_provision=True) as fake:
        auth = ("ANYKEY", "any-secret")
        tenant = requests.get(f"{BASE}/tenants/current", auth=auth).json()
        assert tenant["href"] == fake.tenant_href
        page = requests.get(f"{tenant['href']}/applications", params={"name": "Shop"}, auth=auth)
        items = page.json()["items"]
        assert [i["name"] for i in items] == ["Shop"]
        assert items[0]["defaultAccountStoreMapping"] is not None
        again = requests.get(f"{tenant['href']}/applications", params={"q": "Shop"}, auth=auth)
        assert again.json()["size"] == 1
        by_q = requests.get(f"{BASE}/applications", params={"q": "Blog"}, auth=auth).json()
        assert [i["name"] for i in by_q["items"]] == ["Blog"]
        assert "ANYKEY" in fake.store.api_keys


def test_without_auto_provision_lookups_create_nothing(http):
    page = http.ok(f"{http.fake.tenant_href}/applications", name="Ghost")
    assert page["size"] == 0
    unknown = requests.get(http.fake.tenant_href, auth=("ANYKEY", "x"))
    assert unknown.status_code == 401


def test_serve_shares_state_with_the_in_process_door(http):
    fake = http.fake
    account = http.account()
    handle = fake.serve()
    try:
        # The started in-process door passes loopback URLs on to the real transport.
        account_id = account["href"].rsplit("/", 1)[1]
        body = _get(fake, f"{handle.base_url}/accounts/{account_id}").json()
        assert body["email"] == account["email"]
        assert body["href"] == f"{handle.base_url}/accounts/{account_id}"
    finally:
        handle.stop()


def test_login_value_helper_round_trips():
    assert base64.b64decode(basic_value("a:b", "c")).decode() == "a:b:c"
