"""--stormpath-fake-strict: nothing is provisioned, only what the tests set up exists."""

from __future__ import annotations

from typing import Any

STRICT_CONFTEST = """
import pytest

from sampleapp import create_app


@pytest.fixture
def app(stormpath_fake, monkeypatch):
    # The emulator's own key and application: all that exists in strict mode.
    monkeypatch.setenv("STORMPATH_API_KEY_ID", stormpath_fake.api_key_id)
    monkeypatch.setenv("STORMPATH_API_KEY_SECRET", stormpath_fake.api_key_secret)
    monkeypatch.setenv("STORMPATH_APPLICATION", "My Application")
    return create_app()
"""


def test_unknown_key_and_application_are_refused_readably(sample: Any) -> None:
    result = sample.run("--stormpath-fake-strict", "test_sample.py", "-k", "logged_in_user")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines(
        ["*logged_in_user: could not load the Stormpath application 'Sample App' (STORMPATH_A*"]
    )


def test_suite_set_up_for_strict_mode_passes(sample: Any) -> None:
    sample.write("conftest.py", STRICT_CONFTEST)
    sample.run("--stormpath-fake-strict").assert_outcomes(passed=17)
