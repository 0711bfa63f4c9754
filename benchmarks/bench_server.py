"""Row 6: server mode over loopback: requests per second and p50/p99 latency.

The emulator serves on 127.0.0.1 (``fake.serve()``, werkzeug's threaded server, in this
process); N client threads, each with its own ``requests.Session`` (keep-alive), send either
``GET /accounts/{id}`` or ``POST /applications/{id}/loginAttempts``. There is no target: the
rows report. Client and server share the interpreter (and its lock), as in a test run that
starts the server itself.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable

import requests
from common import PASSWORD, Row, basic_auth, make_row, new_account, percentile

from stormpath_fake import FakeStormpath

KEY = "server"
ACCOUNTS = 50

Request = Callable[[requests.Session, int], requests.Response]


def hammer(send: Request, threads: int, per_thread: int) -> tuple[float, list[float]]:
    """Run `per_thread` requests in each of `threads` threads; (requests/s, latencies in s)."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    failures: list[str] = []
    barrier = threading.Barrier(threads + 1)

    def worker(slot: int) -> None:
        with requests.Session() as session:
            send(session, slot).raise_for_status()  # connect before the clock starts
            barrier.wait()
            mine = latencies[slot]
            for index in range(per_thread):
                started = time.perf_counter()
                response = send(session, slot * per_thread + index)
                mine.append(time.perf_counter() - started)
                if not response.ok:
                    failures.append(f"{response.status_code} {response.text[:200]}")

    workers = [threading.Thread(target=worker, args=(slot,)) for slot in range(threads)]
    for thread in workers:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, first: {failures[0]}")
    flat = [value for mine in latencies for value in mine]
    return len(flat) / elapsed, flat


def run(quick: bool) -> list[Row]:
    """GET account and login attempts with 1 and 4 client threads (quick: 2 threads)."""
    thread_counts = (2,) if quick else (1, 4)
    per_thread = 25 if quick else 500
    fake = FakeStormpath()  # not started: the in-process door would answer loopback too
    server = fake.serve()
    try:
        authorization = basic_auth(fake.api_key_id, fake.api_key_secret)
        headers = {"Authorization": authorization, "Accept": "application/json"}
        application = f"{server.base_url}/applications/{fake.application_href.rsplit('/', 1)[1]}"
        with requests.Session() as setup:
            accounts = []
            for index in range(ACCOUNTS):
                answer = setup.post(
                    f"{application}/accounts", json=new_account(index, "srv"), headers=headers
                )
                answer.raise_for_status()
                accounts.append(answer.json()["href"])

        def get_account(session: requests.Session, number: int) -> requests.Response:
            return session.get(accounts[number % ACCOUNTS], headers=headers)

        def log_in(session: requests.Session, number: int) -> requests.Response:
            email = new_account(number % ACCOUNTS, "srv")["email"]
            value = base64.b64encode(f"{email}:{PASSWORD}".encode()).decode("ascii")
            return session.post(
                f"{application}/loginAttempts",
                json={"type": "basic", "value": value},
                headers=headers,
            )

        rows: list[Row] = []
        for label, send in (("GET account", get_account), ("login attempt", log_in)):
            for threads in thread_counts:
                rate, latencies = hammer(send, threads, per_thread)
                name = f"server mode, {label}, {threads} client thread(s)"
                note = f"{threads}x{per_thread} requests over loopback keep-alive"
                rows.append(make_row(KEY, f"{name}: throughput", "req/s", round(rate), note=note))
                for fraction in (0.5, 0.99):
                    rows.append(
                        make_row(
                            KEY,
                            f"{name}: p{round(fraction * 100)} latency",
                            "ms",
                            round(percentile(latencies, fraction) * 1000, 3),
                            note=note,
                        )
                    )
        return rows
    finally:
        server.stop()
