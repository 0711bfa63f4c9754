"""Fixtures for the raw-HTTP suite of the emulator, run through both doors.

Every test that takes `api` runs twice: in-process (the fake intercepts `requests` for
https://api.stormpath.com/v1) and in server mode (a real werkzeug server on 127.0.0.1, port 0).
Requests are plain `requests` calls with HTTP Basic auth, written from the spec
(/work/shared/stormpath-api.md), never through the project's client.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_http_api import DOORS, IN_PROCESS_BASE_URL, Api

from stormpath_fake import FakeStormpath
from stormpath_fake.server import ServerHandle


@pytest.fixture(scope="session")
def _served_fake() -> Iterator[tuple[FakeStormpath, ServerHandle]]:
    # One server for the session: tests reset its state rather than rebinding.
    handle = ServerHandle.bind("127.0.0.1", 0)
    fake = FakeStormpath(base_url=handle.base_url)
    handle.start(fake.wsgi_app)
    yield fake, handle
    handle.stop()


@pytest.fixture(params=DOORS)
def door(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def api(door: str, request: pytest.FixtureRequest) -> Iterator[Api]:
    if door == "inprocess":
        fake = FakeStormpath(base_url=IN_PROCESS_BASE_URL)
        with fake:
            yield Api(fake, IN_PROCESS_BASE_URL, door)
    else:
        fake, handle = request.getfixturevalue("_served_fake")
        fake.reset()
        yield Api(fake, handle.base_url, door)


@pytest.fixture
def server_api(request: pytest.FixtureRequest) -> Api:
    """Server mode only (for tests that need real sockets, e.g. concurrency)."""
    fake, handle = request.getfixturevalue("_served_fake")
    fake.reset()
    return Api(fake, handle.base_url, "server")
