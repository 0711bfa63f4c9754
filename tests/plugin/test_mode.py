"""How the command line, the ini file and the environment pick the mode."""

from __future__ import annotations

import pytest

from pytest_stormpath.session import Mode


@pytest.mark.parametrize(
    ("kwargs", "fake", "strict", "source"),
    [
        ({}, False, False, ""),
        ({"flag": True}, True, False, "--stormpath-fake"),
        ({"strict_flag": True}, True, True, "--stormpath-fake-strict"),
        ({"flag": True, "strict_flag": True}, True, True, "--stormpath-fake-strict"),
        ({"ini": True}, True, False, "ini stormpath_fake"),
        ({"env": "1"}, True, False, "STORMPATH_FAKE=1"),
        ({"env": "true"}, True, False, "STORMPATH_FAKE=true"),
        ({"env": "0"}, False, False, ""),
        ({"env": ""}, False, False, ""),
    ],
)
def test_mode_resolution(kwargs: dict, fake: bool, strict: bool, source: str) -> None:
    arguments = {"flag": False, "strict_flag": False, "ini": False, **kwargs}
    mode = Mode.resolve(**arguments)
    assert (mode.fake, mode.strict, mode.source) == (fake, strict, source)


def test_descriptions_name_the_mode() -> None:
    assert "real service" in Mode(fake=False).describe()
    assert "auto-provision" in Mode(fake=True, source="--stormpath-fake").describe()
    strict = Mode(fake=True, strict=True, source="--stormpath-fake-strict").describe()
    assert "strict" in strict and "auto-provision" not in strict
