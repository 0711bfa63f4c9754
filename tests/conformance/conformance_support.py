"""Fixtures of the conformance suite: Stormpath's own Node clients against `stormpath-fake serve`.

Test modules import the fixtures they use from here (not a conftest.py: other suites import
their conftest by name, and a second module called conftest would shadow theirs).

The npm packages pinned in conformance/package-lock.json are installed with `npm ci` when
node_modules is missing or was installed from another lock file. The only reason to skip is
that node or npm is not installed (CI installs them through scripts/bootstrap.sh).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from stormpath_fake.cli import parse_banner

__all__ = ["Served", "express_site", "node_modules", "scenario", "served"]

CONFORMANCE = Path(__file__).resolve().parents[2] / "conformance"
SCENARIOS = CONFORMANCE / "scenarios"
SERVE = Path(sys.executable).with_name("stormpath-fake")
TIMEOUT = 120
_STAMP = CONFORMANCE / "node_modules" / ".conformance-lock-sha256"
_PACKAGES = ("stormpath", "express-stormpath", "express")


def _lock_digest() -> str:
    return hashlib.sha256((CONFORMANCE / "package-lock.json").read_bytes()).hexdigest()


def _installed() -> bool:
    stamp = _STAMP.read_text().strip() if _STAMP.exists() else ""
    modules = CONFORMANCE / "node_modules"
    return stamp == _lock_digest() and all(
        (modules / name / "package.json").exists() for name in _PACKAGES
    )


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """conformance/node_modules, (re)installed with `npm ci` when missing or stale."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node/npm not installed")
    # xdist workers share the folder: one installs while the others wait on the lock.
    lock_path = Path(tempfile.gettempdir()) / "stormpath-fake-conformance-npm.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed():
            subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund"],
                cwd=CONFORMANCE,
                check=True,
                timeout=600,
                stdout=subprocess.DEVNULL,
            )
            _STAMP.write_text(_lock_digest())
    assert _installed()
    return CONFORMANCE / "node_modules"


class Served:
    """A running `stormpath-fake serve`: its banner facts and an admin HTTP session."""

    def __init__(self, banner: dict[str, str]) -> None:
        self.base_url = banner["BASE_URL"]
        self.key_id = banner["API_KEY_ID"]
        self.secret = banner["API_KEY_SECRET"]
        self.tenant_href = banner["TENANT_HREF"]
        self.app_href = banner["APPLICATION_HREF"]
        self.root = self.base_url.rsplit("/v1", 1)[0]
        self.http = requests.Session()
        self.http.auth = (self.key_id, self.secret)

    def env(self, home: Path) -> dict[str, str]:
        """The only configuration a scenario gets: the SDK's own environment variables."""
        return {
            "PATH": os.environ.get("PATH", ""),
            # A home without ~/.stormpath files, so only these variables configure the SDK.
            "HOME": str(home),
            "NODE_PATH": str(CONFORMANCE / "node_modules"),
            "STORMPATH_CLIENT_BASEURL": self.base_url,
            "STORMPATH_CLIENT_APIKEY_ID": self.key_id,
            "STORMPATH_CLIENT_APIKEY_SECRET": self.secret,
            "STORMPATH_APPLICATION_HREF": self.app_href,
        }

    def ok(self, href: str, **params: Any) -> dict[str, Any]:
        response = self.http.get(href, params=params or None, timeout=10)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def update(self, href: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.http.post(href, json=body, timeout=10)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def outbox(self, **filters: str) -> list[dict[str, Any]]:
        """Emails the emulator sent, read over HTTP from the emulator-only path."""
        response = requests.get(f"{self.root}/__fake__/outbox", params=filters, timeout=10)
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    def default_directory(self) -> dict[str, Any]:
        app = self.ok(self.app_href, expand="defaultAccountStoreMapping")
        return self.ok(app["defaultAccountStoreMapping"]["accountStore"]["href"])


@pytest.fixture
def served() -> Iterator[Served]:
    """`stormpath-fake serve` on a free loopback port; stopped with SIGTERM (must exit 0)."""
    # STORMPATH_CONFORMANCE_LOG=<file> appends the emulator's request log there (debugging).
    log_file = os.environ.get("STORMPATH_CONFORMANCE_LOG")
    log = open(log_file, "a") if log_file else None  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(SERVE), "serve", "--host", "127.0.0.1", "--port", "0"]
        + (["--log-requests"] if log else []),
        stdout=subprocess.PIPE,
        stderr=log or subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(TIMEOUT, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        banner = parse_banner(proc.stdout)
        watchdog.cancel()
        yield Served(banner)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr, log):
            if stream is not None:
                stream.close()


def run_scenario(
    name: str,
    served: Served,
    home: Path,
    extra_env: dict[str, str] | None = None,
    without: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Run conformance/scenarios/<name>.js; fail unless it exits 0 and reports ok.

    ``extra_env`` adds variables; ``without`` removes some of the default ones.
    """
    env = {k: v for k, v in served.env(home).items() if k not in without}
    result = subprocess.run(
        ["node", str(SCENARIOS / f"{name}.js")],
        cwd=home,
        env={**env, **(extra_env or {})},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0 and lines, f"stdout: {result.stdout}\nstderr: {result.stderr}"
    facts: dict[str, Any] = json.loads(lines[-1])
    assert facts.pop("ok", True) is True, facts
    return facts


@pytest.fixture
def scenario(node_modules: Path, served: Served, tmp_path: Path) -> Any:
    """``scenario(name, without=(...), **env)`` runs one Node scenario against ``served`` (in a
    fresh home and working folder, ``tmp_path``); returns the facts it reported."""

    def run(name: str, without: tuple[str, ...] = (), **extra_env: str) -> dict[str, Any]:
        return run_scenario(name, served, tmp_path, extra_env, without)

    return run


@pytest.fixture
def express_site(node_modules: Path, served: Served, tmp_path: Path) -> Iterator[str]:
    """The express-stormpath site of conformance/scenarios/express_app.js; yields its URL.

    Tests that need a directory workflow set it on the emulator *before* asking for this
    fixture, since express-stormpath reads the policies once at start-up.
    """
    proc = subprocess.Popen(
        ["node", str(SCENARIOS / "express_app.js")],
        cwd=tmp_path,
        env={**served.env(tmp_path), "PORT": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(TIMEOUT, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        watchdog.cancel()
        started = json.loads(line) if line.strip() else {"error": proc.stderr.read()}  # type: ignore[union-attr]
        assert "port" in started, f"express-stormpath did not start: {started}"
        yield f"http://127.0.0.1:{started['port']}"
    finally:
        watchdog.cancel()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
