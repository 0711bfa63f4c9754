"""The benchmark runner: its quick mode produces every row with sane fields (not the speeds)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import common  # noqa: E402 - the benchmarks folder is a script folder, not a package
import run as runner  # noqa: E402

ROUND_TRIP_ACTIONS = (
    "login",
    "registration",
    "login_required page",
    "groups_required page",
    "logout",
)


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    """`python benchmarks/run.py --quick` in a subprocess: its JSON report and its stdout."""
    target = tmp_path_factory.mktemp("bench") / "quick.json"
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(target)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return json.loads(target.read_text()), completed.stdout


def rows_of(report: dict[str, Any], benchmark: str) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in report["rows"] if row["benchmark"] == benchmark}


@pytest.mark.slow
def test_quick_run_covers_every_benchmark(quick_run: tuple[dict[str, Any], str]) -> None:
    report, _ = quick_run
    assert report["quick"] is True
    assert {row["benchmark"] for row in report["rows"]} == set(runner.BENCHMARKS)
    failed = [row for row in report["rows"] if str(row["note"]).startswith("not run")]
    assert failed == []


@pytest.mark.slow
def test_every_row_has_sane_fields(quick_run: tuple[dict[str, Any], str]) -> None:
    report, stdout = quick_run
    for row in report["rows"]:
        assert tuple(row) == runner.ROW_KEYS, row
        assert isinstance(row["ours"], int | float) and math.isfinite(row["ours"]), row
        assert row["ours"] >= 0, row
        assert isinstance(row["unit"], str), row
        if row["baseline"] is not None:
            assert row["baseline"] > 0, row
        if row["ratio"] is not None:
            assert row["ratio"] > 0 and row["baseline"] is not None, row
        if row["target"] is None:
            assert row["met"] is None, row
        else:
            op, value = row["target"].split()
            subject = row["ratio"] if row["ratio"] is not None else row["ours"]
            expected = subject >= float(value) if op == ">=" else subject <= float(value)
            assert row["met"] is expected, row
        assert row["name"] in stdout


@pytest.mark.slow
def test_issue_rows_are_all_there(quick_run: tuple[dict[str, Any], str]) -> None:
    report, _ = quick_run
    auth = rows_of(report, "auth_page")
    assert [row["target"] for row in auth.values()] == [">= 0.9"]
    trips = rows_of(report, "round_trips")
    names = {f"API calls: {a}, {c}" for a in ROUND_TRIP_ACTIONS for c in ("cold", "warm")}
    assert set(trips) == names
    assert all(isinstance(row["ours"], int) for row in trips.values())
    warm_targets = [trips[f"API calls: {a}, warm"]["target"] for a in ROUND_TRIP_ACTIONS]
    assert warm_targets == ["<= 1", "<= 1", "<= 0", "<= 0", "<= 0"]
    assert [row["target"] for row in rows_of(report, "vs_moto").values()] == [">= 5"]
    scale = rows_of(report, "scale")
    assert "login, 1,000 vs 100 accounts in the directory (ms)" in scale
    assert scale["emulator memory per account (bytes)"]["ours"] > 0
    assert rows_of(report, "fixtures")
    server = rows_of(report, "server")
    for label in ("GET account", "login attempt"):
        prefix = f"server mode, {label}, 2 client thread(s)"
        assert {
            f"{prefix}: {what}" for what in ("throughput", "p50 latency", "p99 latency")
        } <= set(server)
        assert server[f"{prefix}: p50 latency"]["ours"] <= server[f"{prefix}: p99 latency"]["ours"]


def test_make_row_checks_the_target_on_the_ratio_else_on_ours() -> None:
    slow = common.make_row("k", "n", "req/s", 80, 100, ratio=0.8, target=(">=", 0.9))
    assert (slow["met"], slow["target"]) == (False, ">= 0.9")
    assert common.make_row("k", "n", "calls", 0, target=("<=", 0))["met"] is True
    assert common.make_row("k", "n", "calls", 2, target=("<=", 1))["met"] is False
    assert common.make_row("k", "n", "ms", 3.0)["met"] is None
    assert common.make_row("k", "n", "", None, target=(">=", 5))["met"] is False


def test_side_by_side_alternates_the_order_every_round() -> None:
    order: list[str] = []
    timings = common.side_by_side(
        {"a": lambda: order.append("a"), "b": lambda: order.append("b")}, rounds=3, batch=2
    )
    assert order == ["a", "a", "b", "b", "b", "b", "a", "a", "a", "a", "b", "b"]
    assert [len(values) for values in timings.values()] == [3, 3]


def test_paired_ratio_and_percentile() -> None:
    assert common.paired_ratio([2.0, 3.0, 40.0], [1.0, 1.0, 1.0]) == 3.0
    values = [float(n) for n in range(1, 101)]
    assert common.percentile(values, 0.5) == 50.0
    assert common.percentile(values, 0.99) == 99.0
    with pytest.raises(ValueError):
        common.percentile([], 0.5)


def test_runner_turns_a_broken_benchmark_into_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(runner.BENCHMARKS, "broken", ("no_such_benchmark_module", 9))
    (row,) = runner.run_one("broken", quick=True, profile=False)
    assert row["note"].startswith("not run: ModuleNotFoundError")
    assert row["ours"] is None and row["benchmark"] == "broken"


def test_normalize_rejects_rows_without_a_figure() -> None:
    with pytest.raises(TypeError):
        runner.normalize("k", [{"name": "no figure"}])
    with pytest.raises(TypeError):
        runner.normalize("k", [])
    (row,) = runner.normalize("k", [{"name": "n", "ours": 1, "extra": 2}])
    assert tuple(row) == runner.ROW_KEYS and row["benchmark"] == "k" and row["met"] is None


def test_render_prints_one_line_per_row_and_the_notes() -> None:
    rows = [
        common.make_row("auth_page", "page", "req/s", 900, 1000, ratio=0.9, target=(">=", 0.9)),
        common.make_row("round_trips", "calls", "calls", 1, target=("<=", 1), note="journal"),
    ]
    lines = runner.render(rows).splitlines()
    assert lines[0].split(" | ")[0].strip() == "#"
    assert "900 req/s" in lines[2] and "yes" in lines[2]
    assert lines[3].startswith("2 ") and "<= 1" in lines[3]
    assert lines[-1] == "- calls: journal"
