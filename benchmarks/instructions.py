"""Rows 1 and 5 counted in CPU instructions under valgrind's callgrind: figures that do not move
with the machine's load, to read next to the timed ratios of ``run.py``.

Each figure is a difference of two runs of the same program that differ only in how much work
they do (e.g. 1,000 requests against none), so start-up and set-up cancel out:

- row 1: instructions per request of the ``login_required`` page, Flask-Stormpath app against
  the plain Flask-Login app (the apps of ``bench_auth_page``, warm, in a WSGI call loop);
- row 5: instructions per test of the generated app-per-test projects of ``bench_fixtures``
  (``logged_in_user`` with ``--stormpath-fake`` against the dict user), whole pytest runs.

The ratio printed reads as the row's target does: row 1 is the plain app's instructions over
ours (like its requests per second, ours over the plain app's), row 5 ours over the dict user's.

Usage: ``python benchmarks/instructions.py [--quick] [--only auth_page fixtures]``. Needs
``valgrind`` (a Debian package); a full run takes about five minutes on 2 cores, ``--quick``
about two (``--only auth_page --quick`` half a minute), and its small counts leave row 5's
figure rough.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # when run as a script from elsewhere
    sys.path.insert(0, str(HERE))

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")
#: (low, high) amounts of work per row, full and quick.
AMOUNTS = {
    "auth_page": {False: (0, 1000), True: (0, 40)},
    "fixtures": {False: (20, 120), True: (4, 12)},
}
UNITS = {"auth_page": "request", "fixtures": "test"}


def parse_collected(stderr: str) -> int:
    """The instruction count callgrind reports on stderr (``==pid== Collected : N``)."""
    found = _COLLECTED.findall(stderr)
    if not found:
        raise RuntimeError(f"callgrind reported no count: {stderr[-2000:]}")
    return int(found[-1])


def per_unit(low: tuple[int, int], high: tuple[int, int]) -> float:
    """Instructions per unit of work from two ``(amount, instructions)`` runs."""
    (low_amount, low_count), (high_amount, high_count) = low, high
    if high_amount <= low_amount:
        raise ValueError("the second run must do more work than the first")
    return (high_count - low_count) / (high_amount - low_amount)


def collected(
    command: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> int:
    """Run `command` under callgrind and return the instructions it executed."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise RuntimeError("valgrind is not installed (Debian: apt-get install valgrind)")
    result = subprocess.run(
        [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed: {result.stdout[-2000:]}{result.stderr[-2000:]}"
        )
    return parse_collected(result.stderr)


# -- row 1 ------------------------------------------------------------------------------------


def page_worker(side: str, requests: int) -> None:
    """Serve `requests` warm page requests from one side's app (run under callgrind)."""
    from apps import create_member, log_in, plain_app, session_cookie, stormpath_app
    from bench_auth_page import checked_caller, page_environ

    from stormpath_fake import FakeStormpath

    with FakeStormpath() as fake:
        ours_app = stormpath_app(fake)
        create_member(ours_app)
        if side == "ours":
            app, expected = ours_app, b"ada@example.com"
        else:
            app, expected = plain_app(ours_app.config["STORMPATH_SESSION_PROTECTION"]), b"ada@"
        client = app.test_client()
        log_in(client)
        call = checked_caller(app, page_environ(session_cookie(client)), expected)
        for _ in range(200 + requests):  # the first 200 warm up both runs alike
            call()


def page_command(side: str, requests: int) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--page", side, str(requests)]


# -- row 5 ------------------------------------------------------------------------------------


def suite_command(side: str, tests: int, workdir: Path) -> tuple[list[str], Path, dict[str, str]]:
    """A generated app-per-test project of `tests` tests for one side, and how to run it."""
    import bench_fixtures

    variant = bench_fixtures.PAIRS[0][side == "ours"]  # (dict user, logged_in_user), app per test
    project = Path(tempfile.mkdtemp(dir=workdir))
    (project / "conftest.py").write_text(textwrap.dedent(variant.conftest))
    (project / "test_bench.py").write_text(bench_fixtures.TESTS.format(count=tests))
    command = [sys.executable, "-m", "pytest", *bench_fixtures.COMMON_OPTIONS, *variant.options]
    return command, project, {**os.environ, "PYTHONPATH": str(project)}


# -- both -------------------------------------------------------------------------------------


def measure(key: str, quick: bool, workdir: Path) -> dict[str, float]:
    """Instructions per unit of work of each side of row `key`."""
    low, high = AMOUNTS[key][quick]
    runs: list[tuple[str, int, Callable[[], int]]] = []
    for side in ("ours", "baseline"):
        for amount in (low, high):
            if key == "auth_page":
                command = page_command(side, amount)
                runs.append((side, amount, lambda c=command: collected(c)))
            else:
                command, project, env = suite_command(side, amount, workdir)
                runs.append((side, amount, lambda c=command, p=project, e=env: collected(c, p, e)))
    with ThreadPoolExecutor(max_workers=2) as pool:  # the machine has 2 cores
        counts = list(pool.map(lambda run: run[2](), runs))
    figures: dict[str, float] = {}
    for side in ("ours", "baseline"):
        (_, amount_low, _), (_, amount_high, _) = [run for run in runs if run[0] == side]
        low_count, high_count = [
            count for run, count in zip(runs, counts, strict=True) if run[0] == side
        ]
        figures[side] = per_unit((amount_low, low_count), (amount_high, high_count))
    return figures


def row_ratio(key: str, figures: dict[str, float]) -> float:
    """The ratio as row `key`'s target reads it (see the module docstring)."""
    if key == "auth_page":
        return figures["baseline"] / figures["ours"]
    return figures["ours"] / figures["baseline"]


def main(argv: list[str] | None = None) -> int:
    """Print instructions per request (row 1) and per test (row 5), ours against baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts (well under a minute)")
    parser.add_argument("--only", nargs="+", choices=sorted(AMOUNTS), default=sorted(AMOUNTS))
    parser.add_argument("--page", nargs=2, metavar=("SIDE", "REQUESTS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.page:
        page_worker(args.page[0], int(args.page[1]))
        return 0
    print(f"{'row':<10} {'unit':<8} {'ours':>14} {'baseline':>14} {'ratio':>7}")
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as tmp:
        for key in args.only:
            figures = measure(key, args.quick, Path(tmp))
            ratio = row_ratio(key, figures)
            print(
                f"{key:<10} {UNITS[key]:<8} {figures['ours']:>14,.0f} "
                f"{figures['baseline']:>14,.0f} {ratio:>7.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
