"""benchmarks/instructions.py: its arithmetic, its generated projects, and a quick real run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import instructions  # noqa: E402 - the benchmarks folder is a script folder, not a package

STDERR = """==123== Events    : Ir
==123== Collected : 2566437572
==123==
==123== I   refs:      2,566,437,572
"""


def test_the_count_is_read_from_callgrinds_report() -> None:
    assert instructions.parse_collected(STDERR) == 2566437572
    with pytest.raises(RuntimeError, match="no count"):
        instructions.parse_collected("valgrind: command not found")


def test_work_is_the_difference_of_two_runs() -> None:
    assert instructions.per_unit((0, 2_000), (1000, 1_002_000)) == 1000.0
    assert instructions.per_unit((20, 10_000), (120, 60_000)) == 500.0
    with pytest.raises(ValueError):
        instructions.per_unit((10, 1), (10, 2))


def test_ratios_read_as_the_rows_targets() -> None:
    figures = {"ours": 1_000.0, "baseline": 900.0}
    assert instructions.row_ratio("auth_page", figures) == pytest.approx(0.9)
    assert instructions.row_ratio("fixtures", figures) == pytest.approx(1000 / 900)


@pytest.mark.parametrize(
    ("side", "plugin_option"), [("ours", "--stormpath-fake"), ("baseline", "no:stormpath")]
)
def test_suite_projects_have_the_tests_and_options_asked_for(
    tmp_path: Path, side: str, plugin_option: str
) -> None:
    command, project, env = instructions.suite_command(side, 7, tmp_path)
    assert plugin_option in command
    assert "range(7)" in (project / "test_bench.py").read_text()
    assert env["PYTHONPATH"] == str(project)
    listed = subprocess.run(
        [*command, "--collect-only", "-q"], cwd=project, env=env, capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "test_bench.py: 7" in listed.stdout


@pytest.mark.slow
def test_a_quick_page_count_runs_under_callgrind() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "instructions.py"),
            "--quick",
            "--only",
            "auth_page",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    [row] = [line.split() for line in completed.stdout.splitlines() if line.startswith("auth_page")]
    ours, baseline = (int(value.replace(",", "")) for value in row[2:4])
    # A page request costs hundreds of thousands of instructions either way; not how fast.
    assert 100_000 < ours < 10_000_000
    assert 100_000 < baseline < 10_000_000
    assert float(row[4]) == pytest.approx(baseline / ours, abs=0.001)
