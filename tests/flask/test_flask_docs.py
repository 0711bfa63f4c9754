"""Run the Python examples of docs/flask.md against the in-process emulator.

The blocks run in order in one namespace. A line ``print(...)  # text`` must print ``text``.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from stormpath_fake import FakeStormpath

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "flask.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
EXPECTED = re.compile(r"^\s*print\(.*\)\s+# (.*)$")


def blocks() -> list[str]:
    found = BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(found) >= 5, "docs/flask.md lost its examples"
    return found


def test_guide_examples_run_and_print_what_they_say(
    fake: FakeStormpath, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_KEY", "docs-secret")
    monkeypatch.setenv("STORMPATH_API_KEY_ID", fake.api_key_id)
    monkeypatch.setenv("STORMPATH_API_KEY_SECRET", fake.api_key_secret)
    monkeypatch.setenv("STORMPATH_BASE_URL", "https://api.stormpath.com/v1")
    namespace: dict[str, object] = {"__name__": "docs_example"}
    for number, source in enumerate(blocks(), start=1):
        expected = [
            m.group(1).strip() for line in source.splitlines() if (m := EXPECTED.match(line))
        ]
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(source, f"docs/flask.md block {number}", "exec"), namespace)  # noqa: S102
        assert output.getvalue().splitlines() == expected, f"block {number}:\n{source}"
