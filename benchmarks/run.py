"""Run every benchmark, print one table, and write it as JSON.

Usage: ``python benchmarks/run.py [--quick] [--json PATH] [--only KEY ...] [--profile]
[--markdown]``

``--quick`` uses small counts (seconds, for the test suite); the full run takes a few minutes
on 2 cores. ``--profile`` runs each selected benchmark under cProfile and prints where the time
went (use it with ``--only`` when a target is missed).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import json
import os
import platform
import pstats
import sys
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # when imported rather than run as a script
    sys.path.insert(0, str(HERE))

from common import Row, make_row  # noqa: E402 - needs the path set above

DEFAULT_JSON = HERE / "results" / "latest.json"

#: Benchmark key → (module, the issue's row number). Each module has ``run(quick) -> rows``.
BENCHMARKS: dict[str, tuple[str, int]] = {
    "auth_page": ("bench_auth_page", 1),
    "round_trips": ("bench_round_trips", 2),
    "vs_moto": ("bench_vs_moto", 3),
    "scale": ("bench_scale", 4),
    "fixtures": ("bench_fixtures", 5),
    "server": ("bench_server", 6),
}
ROW_KEYS = ("benchmark", "name", "unit", "ours", "baseline", "ratio", "target", "met", "note")


def normalize(key: str, rows: Any) -> list[Row]:
    """Check the rows a benchmark returned and fill in what a module may leave out."""
    if not isinstance(rows, list) or not rows:
        raise TypeError(f"{key}: run() must return a non-empty list of rows, got {rows!r}")
    out = []
    for row in rows:
        if not isinstance(row, dict) or "name" not in row or "ours" not in row:
            raise TypeError(f"{key}: each row needs at least 'name' and 'ours': {row!r}")
        filled = {name: row.get(name) for name in ROW_KEYS}
        out.append(filled | {"benchmark": key, "unit": filled["unit"] or ""})
    return out


def run_one(key: str, quick: bool, profile: bool) -> list[Row]:
    """Run one benchmark; a failure becomes a row that says so (the table is still printed)."""
    module_name, _ = BENCHMARKS[key]
    try:
        module = importlib.import_module(module_name)
        run: Callable[[bool], Any] | None = getattr(module, "run", None)
        if run is None:
            raise AttributeError(f"{module_name} has no run(quick) function yet")
        if not profile:
            return normalize(key, run(quick))
        profiler = cProfile.Profile()
        rows = normalize(key, profiler.runcall(run, quick))
        print_profile(key, profiler)
        return rows
    except (Exception, SystemExit) as error:  # noqa: BLE001 - reported in the table
        traceback.print_exc(file=sys.stderr)
        reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
        return [make_row(key, module_name, "", None, note=f"not run: {reason}")]


def print_profile(key: str, profiler: cProfile.Profile, limit: int = 30) -> None:
    """The functions that took the most time (own and cumulative), to stderr."""
    for order in ("tottime", "cumulative"):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats(order).print_stats(limit)
        sys.stderr.write(f"\n=== profile of {key}, by {order} ===\n{buffer.getvalue()}")


def format_value(value: Any) -> str:
    """A figure for the table."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table_cells(row: Row) -> tuple[str, ...]:
    """The cells of one table line: #, measurement, ours, baseline, ratio, target, met."""
    unit = f" {row['unit']}" if row["unit"] else ""
    return (
        str(BENCHMARKS[row["benchmark"]][1]) if row["benchmark"] in BENCHMARKS else "?",
        row["name"],
        "-" if row["ours"] is None else format_value(row["ours"]) + unit,
        "-" if row["baseline"] is None else format_value(row["baseline"]) + unit,
        "-" if row["ratio"] is None else f"{row['ratio']:.2f}",
        row["target"] or "-",
        {True: "yes", False: "NO", None: "-"}[row["met"]],
    )


HEADER = ("#", "measurement", "ours", "baseline", "ratio", "target", "met")


def notes_of(rows: list[Row]) -> list[str]:
    """One line per note (a run of rows sharing a note gets it once)."""
    notes, previous = [], None
    for row in rows:
        if row["note"] and row["note"] != previous:
            notes.append(f"- {row['name']}: {row['note']}")
        previous = row["note"]
    return notes


def render(rows: list[Row]) -> str:
    """The plain-text table, then the notes."""
    lines = [table_cells(row) for row in rows]
    widths = [max(len(line[i]) for line in [HEADER, *lines]) for i in range(len(HEADER))]

    def fmt(cells: tuple[str, ...]) -> str:
        return " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    table = [fmt(HEADER), "-+-".join("-" * width for width in widths), *map(fmt, lines)]
    return "\n".join([*table, "", "Notes:", *notes_of(rows)])


def render_markdown(rows: list[Row]) -> str:
    """The same table in Markdown (for docs/performance.md)."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(table_cells(row)) + " |" for row in rows]
    return "\n".join([*lines, "", *notes_of(rows)])


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this run's table (the JSON path left out)."""
    words = ["python benchmarks/run.py"]
    words += (
        ["--quick"] * args.quick + ["--markdown"] * args.markdown + ["--profile"] * args.profile
    )
    if args.only:
        words += ["--only", *args.only]
    return " ".join(words)


def main(argv: list[str] | None = None) -> int:
    """Parse options, run the benchmarks, print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts (a few seconds)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write rows")
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), help="run only these")
    parser.add_argument("--profile", action="store_true", help="cProfile each benchmark")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows: list[Row] = []
    for key in args.only or BENCHMARKS:
        begun = time.perf_counter()
        rows.extend(run_one(key, args.quick, args.profile))
        print(f"[{key}: {time.perf_counter() - begun:.1f} s]", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    print(render_markdown(rows) if args.markdown else render(rows))
    print(f"\n{len(rows)} rows in {elapsed:.1f} s ({'quick' if args.quick else 'full'} run)")
    report = {
        "command": command_line(args),
        "quick": args.quick,
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(elapsed, 1),
        "machine": f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "rows": rows,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
