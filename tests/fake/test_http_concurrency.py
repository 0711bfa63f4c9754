"""Server mode under concurrent clients: no lost writes, no 5xx, uniqueness holds."""

from __future__ import annotations

import base64
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

THREADS = 8
PER_THREAD = 6


def _worker(api, worker: int, barrier: threading.Barrier) -> list[tuple[str, int]]:
    """Create accounts and log each in, on a session of its own; return (step, status) pairs."""
    session = requests.Session()
    session.auth = (api.key_id, api.secret)
    outcomes = []
    barrier.wait()
    for n in range(PER_THREAD):
        email = f"worker{worker}-{n}-{api.unique()}@example.com"
        body = {"email": email, "password": api.PASSWORD, "givenName": "W", "surname": str(n)}
        created = session.post(f"{api.app_href}/accounts", json=body, timeout=30)
        outcomes.append(("create", created.status_code))
        value = base64.b64encode(f"{email}:{api.PASSWORD}".encode()).decode()
        login = session.post(
            f"{api.app_href}/loginAttempts", json={"type": "basic", "value": value}, timeout=30
        )
        outcomes.append(("login", login.status_code))
    return outcomes


def test_concurrent_creates_and_logins_all_succeed(server_api):
    barrier = threading.Barrier(THREADS)
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(_worker, server_api, w, barrier) for w in range(THREADS)]
        outcomes = [item for future in futures for item in future.result()]
    assert [o for o in outcomes if o[0] == "create" and o[1] != 201] == []
    assert [o for o in outcomes if o[0] == "login" and o[1] != 200] == []
    accounts = server_api.collection(f"{server_api.app_href}/accounts", q="worker")
    assert len(accounts) == THREADS * PER_THREAD
    assert len({a["href"] for a in accounts}) == THREADS * PER_THREAD


def test_concurrent_creates_of_one_email_admit_exactly_one(server_api):
    email = server_api.unique_email("race")
    barrier = threading.Barrier(THREADS)
    body = {"email": email, "password": server_api.PASSWORD, "givenName": "R", "surname": "C"}

    def create(_: int) -> int:
        barrier.wait()
        response = requests.post(
            f"{server_api.app_href}/accounts",
            json=body,
            auth=(server_api.key_id, server_api.secret),
            timeout=30,
        )
        return response.status_code

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = sorted(pool.map(create, range(THREADS)))
    assert statuses == [201] + [409] * (THREADS - 1)
    assert server_api.ok(f"{server_api.app_href}/accounts", email=email)["size"] == 1
