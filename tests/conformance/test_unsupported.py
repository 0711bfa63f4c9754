"""What the Node clients could call but the emulator does not support (docs/fidelity.md) must
fail loudly with the Stormpath error body, never a 5xx and never a silent success."""

from __future__ import annotations

import pytest
from conformance_support import *  # noqa: F403 - the suite's fixtures

UNSUPPORTED = [
    ("GET", "{app}/idSiteModel"),
    ("GET", "{base}/organizations"),
    ("POST", "{base}/organizationAccountStoreMappings"),
    ("GET", "{app}/samlPolicy"),
    ("GET", "{app}/accountLinkingPolicy"),
    ("GET", "{base}/accountLinks"),
    ("GET", "{base}/factors/x"),
    ("POST", "{base}/smtpServers"),
    ("GET", "{tenant}/idSites"),
    ("GET", "{base}/agents"),
]


@pytest.mark.parametrize(("method", "path"), UNSUPPORTED, ids=[p for _, p in UNSUPPORTED])
def test_unsupported_paths_answer_not_implemented(served, method, path):
    url = path.format(app=served.app_href, base=served.base_url, tenant=served.tenant_href)
    response = served.http.request(method, url, json={}, timeout=10)
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == body["code"] == 404
    assert "not implemented by the Stormpath emulator" in body["developerMessage"]
    assert body["message"] and body["moreInfo"] and body["requestId"]


@pytest.mark.parametrize(
    "grant", ["stormpath_token", "id_site_token", "stormpath_social", "stormpath_factor_challenge"]
)
def test_unsupported_grants(served, grant):
    response = served.http.post(
        f"{served.app_href}/oauth/token", data={"grant_type": grant}, timeout=10
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "unsupported_grant_type"
    assert body["status"] == 400 and body["developerMessage"] and body["requestId"]
