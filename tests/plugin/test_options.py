"""The switches, the report header, the marker registration and ``pytest --fixtures``."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

PUBLIC_FIXTURES = (
    "stormpath_fake",
    "stormpath_server",
    "stormpath_outbox",
    "make_user",
    "logged_in_user",
    "logged_in_client",
    "group_member",
    "follow_email_link",
    "social_login",
)


def test_plugin_loads_without_heavy_imports() -> None:
    # Loaded by every pytest run in the environment: the emulator, Flask and Faker wait.
    code = (
        "import sys, pytest_stormpath.plugin\n"
        "heavy = {'flask', 'flask_stormpath', 'stormpath_fake', 'faker', 'stormpath'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_header_says_real_service_by_default(sample: Any) -> None:
    result = sample.run("--co", "test_sample.py")
    result.stdout.fnmatch_lines(["stormpath: real service (fixtures delete what they create*"])


@pytest.mark.parametrize(
    ("args", "env", "ini", "expected"),
    [
        (["--stormpath-fake"], None, None, "*auto-provision*[[]--stormpath-fake[]]"),
        (["--stormpath-fake-strict"], None, None, "*strict: only what tests set up*"),
        ([], "1", None, "*auto-provision*[[]STORMPATH_FAKE=1[]]"),
        ([], None, "stormpath_fake = true", "*auto-provision*[[]ini stormpath_fake[]]"),
    ],
)
def test_header_names_fake_mode_and_its_switch(
    sample: Any,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: str | None,
    ini: str | None,
    expected: str,
) -> None:
    if env is not None:
        monkeypatch.setenv("STORMPATH_FAKE", env)
    if ini is not None:
        sample.write("pytest.ini", f"[pytest]\n{ini}\n")
    result = sample.run("--co", "test_sample.py", *args)
    result.stdout.fnmatch_lines([f"stormpath: fake, in-process emulator {expected}"])


def test_options_are_documented_in_help(sample: Any) -> None:
    result = sample.run("--help")
    result.stdout.fnmatch_lines(
        ["*--stormpath-fake *serve every Stormpath API call*", "*--stormpath-fake-strict*"]
    )
    result.stdout.fnmatch_lines(["*stormpath_fake (bool)*"])


def test_marker_is_registered(sample: Any) -> None:
    result = sample.run("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.stormpath(groups=None, settings=None, user=None)*"])
    # --strict-markers accepts it.
    assert sample.run("--strict-markers", "--co", "-q").ret == 0


@pytest.mark.parametrize("flask_plugin", [[], ["-p", "no:flask"]])
def test_fixtures_are_listed_with_docstrings(sample: Any, flask_plugin: list[str]) -> None:
    result = sample.run("--fixtures", *flask_plugin)
    text = result.stdout.str()
    for name in PUBLIC_FIXTURES:
        assert f"\n{name}" in text, name
    result.stdout.fnmatch_lines(["make_user*", "*Factory: ``make_user(**fields)``*"])
    # `client` comes from pytest-flask when it is active, else from this plugin.
    provider = "pytest_stormpath.client" if flask_plugin else "pytest_flask.fixtures"
    before_client = text[: text.index("\nclient -- ")]
    assert re.findall(r"fixtures defined from (\S+)", before_client)[-1] == provider


def test_an_emulator_that_cannot_start_is_a_usage_error(
    sample: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stormpath_fake

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no room left")

    monkeypatch.setattr(stormpath_fake, "FakeStormpath", broken)
    result = sample.run("--stormpath-fake", "test_sample.py")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--stormpath-fake: could not start the Stormpath emulator: OSError: no room left*"]
    )
