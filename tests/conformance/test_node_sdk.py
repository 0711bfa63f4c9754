"""The official Node SDK (stormpath@0.20.1) against `stormpath-fake serve`.

Runs conformance/scenarios/basic.js (tenant, application, account with custom data, login,
custom data read and save, account save, search, failed login) and checks what the SDK saw.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from stormpath_fake.cli import parse_banner

CONFORMANCE = Path(__file__).resolve().parents[2] / "conformance"
SCRIPT = Path(sys.executable).with_name("stormpath-fake")
TIMEOUT = 120

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None,
    reason="node and npm are needed to run the official Node SDK",
)


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """conformance/node_modules, installed from the lock file when missing."""
    target = CONFORMANCE / "node_modules" / "stormpath"
    if not target.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=CONFORMANCE, check=True, timeout=600
        )
    assert (target / "package.json").exists()
    return target.parent


@pytest.fixture
def served() -> Iterator[dict[str, str]]:
    """`stormpath-fake serve` on a free loopback port; yields its banner, stops with SIGTERM."""
    proc = subprocess.Popen(
        [str(SCRIPT), "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(TIMEOUT, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        banner = parse_banner(proc.stdout)
        watchdog.cancel()
        yield banner
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_node_sdk_basic_scenario(node_modules, served, tmp_path):
    base = served["BASE_URL"]
    env = {
        "PATH": os.environ.get("PATH", ""),
        # A home without ~/.stormpath files, so only these variables configure the SDK.
        "HOME": str(tmp_path),
        "STORMPATH_CLIENT_BASEURL": base,
        "STORMPATH_CLIENT_APIKEY_ID": served["API_KEY_ID"],
        "STORMPATH_CLIENT_APIKEY_SECRET": served["API_KEY_SECRET"],
        "STORMPATH_APPLICATION_HREF": served["APPLICATION_HREF"],
    }
    result = subprocess.run(
        ["node", str(CONFORMANCE / "scenarios" / "basic.js")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, f"stdout: {result.stdout}\nstderr: {result.stderr}"
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["tenantHref"] == served["TENANT_HREF"]
    assert seen["applicationHref"] == served["APPLICATION_HREF"]
    assert seen["applicationName"] == "My Application"
    assert seen["accountHref"].startswith(base + "/accounts/")
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
