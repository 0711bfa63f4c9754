"""Row 5: what a test using `logged_in_user` costs, next to one with a plain dict user.

Generated projects, each a parametrized test that logs a user in and requests a
login-protected page:

- "dict user": Flask + Flask-Login, users kept in a dict, the session written into the test
  client by hand (the cheapest logged-in test there is);
- "logged_in_user": a Flask-Stormpath app with the plugin's fixture, run with
  ``--stormpath-fake`` (a real account in the emulator, reset between tests).

Each pair runs twice: with a new Flask app per test (pytest-flask's function-scoped `app`;
after the first test each new app finds its application with no API call: the name is
remembered for the process and the plugin hands the new client the application's body) and
with one app for the session (the application the emulator provisioned keeps its href across
resets). Either way `logged_in_user` costs no API call: the account is created in the
emulator directly and the session written into the test client.
Both use any API key and an application name of their own, as an existing suite would. Every
variant runs in pytest subprocesses, in alternating rounds (1,000 tests each in all; 40 with
``--quick``). A small plugin in each project adds up the time of every test's run protocol
(set-up, call, teardown, reporting), so start-up and collection are left out, and so is the
first test of each run (one-time imports and first requests). The ratio is the median of the
round-by-round ratios. Usage: ``python benchmarks/bench_fixtures.py [--quick]``;
``benchmarks/run.py`` calls :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # when run as a script from elsewhere
    sys.path.insert(0, str(HERE))

from common import Row, make_row, paired_ratio  # noqa: E402 - needs the path set above

KEY = "fixtures"
TARGET = ("<=", 1.5)

DICT_APP = """
import uuid

import pytest
from flask import Flask
from flask_login import LoginManager, UserMixin, current_user, login_required

USERS = {}


class DictUser(UserMixin):
    def __init__(self, email):
        self.id = str(uuid.uuid4())
        self.email = email


@pytest.fixture(scope="SCOPE")
def app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "bench"
    LoginManager(app).user_loader(USERS.get)

    @app.route("/me")
    @login_required
    def me():
        return current_user.email

    return app


@pytest.fixture
def logged_in_user(client):
    user = DictUser("ada@example.com")
    USERS[user.id] = user
    with client.session_transaction() as session:
        session["_user_id"] = user.id
        session["_fresh"] = True
    yield user
    del USERS[user.id]
"""

STORMPATH_APP = """
import pytest
from flask import Flask
from flask_stormpath import StormpathManager, login_required, user


@pytest.fixture(scope="SCOPE")
def app():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="bench")
    app.config.update(CREDENTIALS)
    StormpathManager(app)

    @app.route("/me")
    @login_required
    def me():
        return user.email

    return app
"""

# Any key and a new application name (auto-provisioned), as an existing suite would have.
PROVISIONED = """{
        "STORMPATH_API_KEY_ID": "bench-id",
        "STORMPATH_API_KEY_SECRET": "bench-secret",
        "STORMPATH_APPLICATION": "Bench",
    }"""

TESTS = """
import pytest


@pytest.mark.parametrize("n", range({count}))
def test_logged_in_page(n, logged_in_user, client):
    assert client.get("/me").text == logged_in_user.email
"""

# Loaded with ``-p bench_timer``: the seconds spent running the tests themselves. The first
# test of a run pays one-time costs (lazy imports, first requests): it is counted apart.
TIMER = """
import json
import os
import time

import pytest

TOTAL = {"seconds": 0.0, "tests": 0, "first": None}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started = time.perf_counter()
    yield
    elapsed = time.perf_counter() - started
    if TOTAL["first"] is None:
        TOTAL["first"] = elapsed
    else:
        TOTAL["seconds"] += elapsed
        TOTAL["tests"] += 1


def pytest_sessionfinish(session):
    with open(os.environ["BENCH_TIMER_OUT"], "w") as out:
        json.dump(TOTAL, out)
"""


@dataclass(frozen=True)
class Variant:
    """One way to write a logged-in test: its conftest and the pytest options it runs with."""

    name: str
    conftest: str
    options: tuple[str, ...]


def _dict_user(scope: str) -> Variant:
    return Variant(
        f"dict user (Flask-Login), app per {scope}",
        DICT_APP.replace("SCOPE", "function" if scope == "test" else scope),
        ("-p", "no:stormpath"),
    )


def _logged_in_user(scope: str) -> Variant:
    source = STORMPATH_APP.replace("SCOPE", "function" if scope == "test" else scope)
    return Variant(
        f"logged_in_user (--stormpath-fake), app per {scope}",
        source.replace("CREDENTIALS", PROVISIONED),
        ("--stormpath-fake",),
    )


#: (baseline, ours) pairs, one row each.
PAIRS = (
    (_dict_user("test"), _logged_in_user("test")),
    (_dict_user("session"), _logged_in_user("session")),
)
VARIANTS = tuple(variant for pair in PAIRS for variant in pair)
COMMON_OPTIONS = ("-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-p", "no:xdist")


def run_round(variant: Variant, count: int, workdir: Path) -> float:
    """Run `count` generated tests of `variant` in a pytest subprocess; seconds per test."""
    project = Path(tempfile.mkdtemp(dir=workdir))
    (project / "conftest.py").write_text(textwrap.dedent(variant.conftest))
    (project / "test_bench.py").write_text(TESTS.format(count=count))
    (project / "bench_timer.py").write_text(TIMER)
    timing = project / "timing.json"
    command = [
        sys.executable,
        "-m",
        "pytest",
        *COMMON_OPTIONS,
        "-p",
        "bench_timer",
        *variant.options,
    ]
    environ = {**os.environ, "BENCH_TIMER_OUT": str(timing), "PYTHONPATH": str(project)}
    result = subprocess.run(
        command, cwd=project, env=environ, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise RuntimeError(f"{variant.name}: the generated tests failed (exit {result.returncode})")
    measured = json.loads(timing.read_text())
    if measured["tests"] != count - 1:
        raise RuntimeError(f"{variant.name}: ran {measured['tests'] + 1} tests, not {count}")
    return float(measured["seconds"]) / measured["tests"]


def rounds_and_count(quick: bool) -> tuple[int, int]:
    """How many rounds, of how many tests per variant."""
    # Many short rounds: the ratio is a median over rounds, and one slow spell of the
    # machine then moves fewer of them.
    return (2, 20) if quick else (10, 100)


def measure(quick: bool) -> dict[str, list[float]]:
    """Seconds per test of each variant, round by round (the order alternates)."""
    rounds, count = rounds_and_count(quick)
    timings: dict[str, list[float]] = {variant.name: [] for variant in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="bench-fixtures-") as tmp:
        for index in range(rounds):
            order = VARIANTS if index % 2 == 0 else VARIANTS[::-1]
            for variant in order:
                timings[variant.name].append(run_round(variant, count, Path(tmp)))
    return timings


def run(quick: bool) -> list[Row]:
    """One row per app scope: ms per test with `logged_in_user` vs with a dict user."""
    timings = measure(quick)
    rounds, count = rounds_and_count(quick)
    rows = []
    for baseline, ours in PAIRS:
        scope = ours.name.rsplit(", ", 1)[1]
        mine, theirs = timings[ours.name], timings[baseline.name]
        rows.append(
            make_row(
                KEY,
                f"ms per logged-in test, {scope}: logged_in_user vs dict user",
                "ms/test",
                1000 * sum(mine) / len(mine),
                1000 * sum(theirs) / len(theirs),
                ratio=paired_ratio(mine, theirs),
                target=TARGET,
                note=(
                    f"{rounds * count} tests each in {rounds} alternating rounds; test protocol"
                    " time, first test of a run apart"
                ),
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run every variant and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 tests each instead of 1,000")
    args = parser.parse_args(argv)
    rows = run(args.quick)
    rounds, count = rounds_and_count(args.quick)
    width = max(len(variant.name) for variant in VARIANTS)
    print(f"{'variant':<{width}} {'tests':>6} {'per test ms':>12}")
    for (baseline, ours), row in zip(PAIRS, rows, strict=True):
        print(f"{baseline.name:<{width}} {rounds * count:>6} {row['baseline']:>12.3f}")
        print(f"{ours.name:<{width}} {rounds * count:>6} {row['ours']:>12.3f}")
        scope = ours.name.rsplit(", ", 1)[1]
        print(f"ratio, {scope}: {row['ratio']:.2f}x (target {row['target']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
