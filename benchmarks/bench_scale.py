"""Row 4: login latency and memory as one directory grows to 100,000 accounts.

One emulator holds one application (with its own directory) per size; each is filled through
the emulator's own HTTP API, called straight into its WSGI app. Logins through our client are
then interleaved across the sizes, so the ratio "login at N / login at 100" compares figures
taken side by side. Memory per account is what tracemalloc sees the emulator keep for a sample
of accounts added to a further directory (journal emptied, so only the state counts).
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable

from common import (
    PASSWORD,
    Row,
    api_call,
    basic_auth,
    make_row,
    new_account,
    paired_ratio,
    side_by_side,
)

from stormpath.client import Client
from stormpath_fake import FakeStormpath

KEY = "scale"
TARGET = ("<=", 1.5)


def populate(fake: FakeStormpath, application_href: str, count: int, prefix: str) -> float:
    """Create `count` accounts in the application's directory; return accounts per second."""
    authorization = basic_auth(fake.api_key_id, fake.api_key_secret)
    url = f"{application_href}/accounts"
    started = time.perf_counter()
    for index in range(count):
        api_call(fake.wsgi_app, authorization, "POST", url, new_account(index, prefix))
    fake.clear_requests()  # the journal grows with every call; it is not account state
    return count / (time.perf_counter() - started)


def login_step(
    client: Client, application_href: str, count: int, prefix: str
) -> Callable[[], None]:
    """A login with a random account among the `count` ones of that application."""
    application = client.applications.get(application_href)
    chooser = random.Random(count)

    def step() -> None:
        email = new_account(chooser.randrange(count), prefix)["email"]
        if application.authenticate_account(email, PASSWORD).account.email != email:
            raise RuntimeError("login returned another account")

    return step


def bytes_per_account(fake: FakeStormpath, sample: int) -> float:
    """The memory the emulator keeps per account, over `sample` new accounts."""
    href = fake.create_application("Memory sample")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        populate(fake, href, sample, "memory")
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return (after - before) / sample


def run(quick: bool) -> list[Row]:
    """One latency row per size above the smallest, and the memory row."""
    sizes = (100, 1_000) if quick else (100, 10_000, 100_000)
    rounds, batch = (4, 10) if quick else (20, 50)
    sample = 200 if quick else 2_000
    rows: list[Row] = []
    names = (f"size{n}" for n in itertools.count())
    with FakeStormpath() as fake:
        client = Client(id=fake.api_key_id, secret=fake.api_key_secret, base_url=fake.base_url)
        steps: dict[int, Callable[[], None]] = {}
        rates: dict[int, float] = {}
        for size in sizes:
            href = fake.create_application(next(names))
            rates[size] = populate(fake, href, size, f"s{size}-")
            steps[size] = login_step(client, href, size, f"s{size}-")
        for step in steps.values():
            step()
        timings = side_by_side({str(size): steps[size] for size in sizes}, rounds, batch)
        fake.clear_requests()
        memory = bytes_per_account(fake, sample)
    smallest = str(sizes[0])
    for size in sizes[1:]:
        ratio = paired_ratio(timings[str(size)], timings[smallest])
        rows.append(
            make_row(
                KEY,
                f"login, {size:,} vs {sizes[0]:,} accounts in the directory (ms)",
                "ms",
                round(statistics.median(timings[str(size)]) * 1000, 3),
                round(statistics.median(timings[smallest]) * 1000, 3),
                ratio=round(ratio, 3),
                target=TARGET,
                note=(
                    f"{rounds}x{batch} logins per size, interleaved; "
                    f"filled at {rates[size]:,.0f} accounts/s"
                ),
            )
        )
    rows.append(
        make_row(
            KEY,
            "emulator memory per account (bytes)",
            "B/account",
            round(memory),
            note=f"tracemalloc over {sample:,} accounts created through the API",
        )
    )
    return rows
