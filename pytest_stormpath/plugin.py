"""pytest hooks: the options, the report header, the marker, and the emulator's lifetime.

The emulator starts in ``pytest_configure`` so that even an app created at import time, while
tests are being collected, is offline; each xdist worker runs its own. Its state lives in
``config.stash``.
"""

from __future__ import annotations

import os

import pytest

from pytest_stormpath import client, fixtures
from pytest_stormpath.fixtures import MARKER_DOC, SESSION_KEY
from pytest_stormpath.session import ENV_SWITCH, Mode, StormpathSession


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--stormpath-fake``, ``--stormpath-fake-strict`` and the ``stormpath_fake`` ini key."""
    group = parser.getgroup("stormpath", "Stormpath emulator (pytest_stormpath)")
    group.addoption(
        "--stormpath-fake",
        action="store_true",
        default=False,
        help="serve every Stormpath API call from the in-process emulator: no network; any API "
        "key is accepted and applications are created on first look-up "
        f"(also: ini stormpath_fake = true, or {ENV_SWITCH}=1)",
    )
    group.addoption(
        "--stormpath-fake-strict",
        action="store_true",
        default=False,
        help="like --stormpath-fake, but nothing is auto-provisioned: only the emulator's own "
        "API key and application, and what tests set up, exist",
    )
    parser.addini(
        "stormpath_fake",
        type="bool",
        default=False,
        help="run Stormpath offline on the emulator, as --stormpath-fake does",
    )


def _is_xdist_controller(config: pytest.Config) -> bool:
    """True in the xdist process that only hands tests to workers (it needs no emulator)."""
    if hasattr(config, "workerinput"):
        return False
    return getattr(config.option, "dist", "no") != "no"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Register the marker and the fixtures, decide the mode, start the emulator."""
    config.addinivalue_line("markers", MARKER_DOC)
    mode = Mode.resolve(
        flag=config.getoption("stormpath_fake"),
        strict_flag=config.getoption("stormpath_fake_strict"),
        ini=bool(config.getini("stormpath_fake")),
        env=os.environ.get(ENV_SWITCH),
    )
    session = StormpathSession(mode)
    config.stash[SESSION_KEY] = session
    config.pluginmanager.register(fixtures, "stormpath-fixtures")
    if not config.pluginmanager.hasplugin("flask"):
        config.pluginmanager.register(client, "stormpath-client")
    if not _is_xdist_controller(config):
        try:
            session.start()
        except Exception as error:  # a broken install: say so instead of an INTERNALERROR
            raise pytest.UsageError(
                f"{mode.source}: could not start the Stormpath emulator: "
                f"{type(error).__name__}: {error}"
            ) from error


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fresh emulator state for every test, before any of its fixtures runs."""
    fake = item.config.stash[SESSION_KEY].fake
    if fake is not None:
        fake.reset()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the emulator and its server."""
    session = config.stash.get(SESSION_KEY, None)
    if session is not None:
        session.stop()


def pytest_report_header(config: pytest.Config) -> str:
    """Say which Stormpath mode the run uses."""
    return config.stash[SESSION_KEY].mode.describe()
