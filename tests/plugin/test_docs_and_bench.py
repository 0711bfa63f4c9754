"""docs/testing.md's example runs as written, and the fixture benchmark produces its table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILE_BLOCK = re.compile(r"```python\n# file: (?P<name>\S+)\n(?P<source>.*?)```", re.S)


def example_files() -> dict[str, str]:
    text = (ROOT / "docs" / "testing.md").read_text()
    return {match["name"]: match["source"] for match in FILE_BLOCK.finditer(text)}


def test_docs_example_is_complete() -> None:
    assert sorted(example_files()) == ["conftest.py", "myapp.py", "test_myapp.py"]


@pytest.mark.parametrize("flask_plugin", [[], ["-p", "no:flask"]])
def test_docs_example_passes_offline(pytester: pytest.Pytester, flask_plugin: list[str]) -> None:
    for name, source in example_files().items():
        (pytester.path / name).write_text(source)
    tests = example_files()["test_myapp.py"].count("\ndef test_")
    result = pytester.runpytest("--stormpath-fake", "-p", "no:cacheprovider", *flask_plugin)
    result.assert_outcomes(passed=tests)


@pytest.mark.slow
def test_benchmark_quick_mode_prints_its_table() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_fixtures.py"), "--quick"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    header, *lines = completed.stdout.splitlines()
    assert header.split() == ["variant", "tests", "per", "test", "ms"]
    costs = {
        line.rsplit(None, 2)[0]: line.split()[-2:] for line in lines if not line.startswith("ratio")
    }
    ratios = [line for line in lines if line.startswith("ratio, ")]
    assert set(costs) == {
        f"{who}, app per {scope}"
        for who in ("dict user (Flask-Login)", "logged_in_user (--stormpath-fake)")
        for scope in ("test", "session")
    }
    for tests, cost in costs.values():
        assert tests == "40"
        assert float(cost) > 0
    assert len(ratios) == 2
    for line in ratios:
        assert re.fullmatch(r"ratio, app per (test|session): \d+\.\d\dx \(target <= 1.5\)", line)
