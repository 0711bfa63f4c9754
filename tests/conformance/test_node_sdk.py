"""The official Node SDK (stormpath@0.20.1) against `stormpath-fake serve`.

Each scenario in conformance/scenarios asserts every status and shape it sees and exits non-zero
on the first surprise; these tests run them and check the facts they report.
"""

from __future__ import annotations

import pytest
import requests
from conformance_support import *  # noqa: F403 - the suite's fixtures


def test_basic_scenario(scenario, served):
    seen = scenario("basic")
    assert seen["tenantHref"] == served.tenant_href
    assert seen["applicationHref"] == served.app_href
    assert seen["applicationName"] == "My Application"
    assert seen["accountHref"].startswith(served.base_url + "/accounts/")
    assert seen["accountStatus"] == "ENABLED"
    assert seen["accountFullName"] == "Node Conformance"
    assert seen["authenticatedAccountHref"] == seen["accountHref"]
    assert seen["customData"] == {
        "href": seen["accountHref"] + "/customData",
        "favoriteColor": "blue",
        "nested": {"level": 2, "tags": ["a", "b"]},
    }
    assert seen["savedFullName"] == "Renamed Conformance"
    assert seen["rereadGivenName"] == "Renamed"
    assert seen["rereadCustomData"] == {"favoriteColor": "green", "hasNested": False}
    assert seen["search"] == {"size": 1, "hrefs": [seen["accountHref"]]}
    assert seen["badLogin"]["status"] == 400
    assert seen["badLogin"]["code"] == 7100
    assert seen["badLogin"]["message"] == "Invalid username or password."


def test_sdk_reads_the_api_key_from_api_key_properties(scenario, served, tmp_path):
    folder = tmp_path / ".stormpath"
    folder.mkdir()
    (folder / "apiKey.properties").write_text(
        f"# written by the test\napiKey.id = {served.key_id}\napiKey.secret = {served.secret}\n"
    )
    without = ("STORMPATH_CLIENT_APIKEY_ID", "STORMPATH_CLIENT_APIKEY_SECRET")
    seen = scenario("basic", without=without)
    assert seen["tenantHref"] == served.tenant_href
    assert seen["authenticatedAccountHref"] == seen["accountHref"]


def test_resources_scenario(scenario, served):
    seen = scenario("sdk_resources")
    assert seen["tenantHref"] == served.tenant_href
    assert seen["accounts"] == 105
    assert set(seen["customData"]) == {"tenant", "application", "directory", "group", "account"}
    assert seen["weakPassword"]["message"] == "Account password minimum length not satisfied."


def test_login_reset_and_verification_scenario(scenario):
    seen = scenario("sdk_flows")
    assert seen["loginErrors"] == [5114, 7100, 7101]
    assert seen["verified"] == "ENABLED"


def test_api_keys_and_oauth_scenario(scenario):
    seen = scenario("sdk_oauth")
    assert seen["tokens"] == 3
    assert seen["errors"] == ["invalid_grant", "invalid_client", 10017]


def test_sauthc1_signed_sdk_scenario(scenario):
    seen = scenario("sauthc1")
    assert seen["signed"] is True
    assert [r["status"] for r in seen["rejected"]] == [401, 401]


@pytest.mark.parametrize(
    "auth",
    [None, ("nobody", "nothing"), "wrong-secret", "SAuthc1 sauthc1Id=bogus"],
    ids=["missing", "unknown-key", "wrong-secret", "malformed-sauthc1"],
)
def test_rejected_credentials_get_the_full_401_body(served, auth):
    headers = {}
    if auth == "wrong-secret":
        auth = (served.key_id, "not-the-secret")
    elif isinstance(auth, str):
        headers["Authorization"] = auth
        auth = None
    response = requests.get(served.app_href, auth=auth, headers=headers, timeout=10)
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401 and body["code"] == 401
    assert body["message"] == "Authentication required."
    assert body["developerMessage"] == "Authentication with a valid API Key is required."
    assert body["moreInfo"].startswith("http") and body["requestId"]
