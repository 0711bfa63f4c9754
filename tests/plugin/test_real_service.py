"""Without --stormpath-fake the fixtures use the configured service and delete their work.

The "real service" here is the emulator behind a loopback HTTP server, so nothing leaves the
machine; the inner run has no emulator of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from stormpath_fake import FakeStormpath

FAILING_TEST = """
def test_fails_after_creating_things(make_user, group_member):
    make_user(groups=["temporary"])
    group_member("admins", "short-lived")
    assert False, "this test fails on purpose"
"""


class Service:
    """The served emulator, seen over HTTP like any client would."""

    def __init__(self, fake: FakeStormpath, base_url: str) -> None:
        self.fake = fake
        self.base_url = base_url
        self.http = requests.Session()
        self.http.auth = (fake.api_key_id, fake.api_key_secret)

    def url(self, href: str) -> str:
        return self.base_url + href.split("/v1", 1)[1]

    def names(self, collection: str) -> list[str]:
        response = self.http.get(
            self.url(self.fake.application_href) + f"/{collection}", timeout=10
        )
        response.raise_for_status()
        return sorted(item.get("name") or item["email"] for item in response.json()["items"])


@pytest.fixture
def service(sample: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    fake = FakeStormpath()
    handle = fake.serve()
    try:
        monkeypatch.setenv("STORMPATH_BASE_URL", handle.base_url)
        monkeypatch.setenv("STORMPATH_API_KEY_ID", fake.api_key_id)
        monkeypatch.setenv("STORMPATH_API_KEY_SECRET", fake.api_key_secret)
        monkeypatch.setenv("STORMPATH_APPLICATION", "My Application")
        yield Service(fake, handle.base_url)
    finally:
        handle.stop()


def test_sample_suite_runs_against_the_service_and_cleans_up(sample: Any, service: Service) -> None:
    existing = service.http.post(
        service.url(service.fake.application_href) + "/groups",
        json={"name": "admins"},
        timeout=10,
    )
    assert existing.status_code == 201
    sample.write("test_failing.py", FAILING_TEST)

    result = sample.run("-p", "no:flask")

    result.assert_outcomes(passed=13, skipped=4, failed=1)
    result.stdout.fnmatch_lines(["stormpath: real service*"])
    # Every account and every group the fixtures created is gone, even after a failure;
    # the group that existed before the run is still there.
    assert service.names("accounts") == []
    assert service.names("groups") == ["admins"]
    assert service.fake.count_calls("DELETE", "/accounts/*") >= 14
