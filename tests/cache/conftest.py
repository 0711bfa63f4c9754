"""Fixtures for the cache tests: a fake clock and real Redis and memcached servers.

The servers are started here on free loopback ports in temporary directories and stopped at
the end. A missing binary fails the tests (with the install command) rather than skipping:
CI installs both, and a skip would hide missing coverage.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from stormpath.cache.memcached_store import MemcachedStore
from stormpath.cache.memory_store import MemoryStore
from stormpath.cache.redis_store import RedisStore
from stormpath.cache.store import CacheStore

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 10.0


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    return free_port()


@dataclass
class Server:
    """A cache server process on loopback."""

    name: str
    port: int
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        # Nothing is persisted, so there is nothing to shut down gracefully.
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


# The command line and the probe (request, expected reply prefix) of each server; the Debian
# packages are named after the binaries.
def _redis_command(binary: str, port: int, workdir: Path) -> list[str]:
    return [binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
            "--dir", str(workdir)]  # fmt: skip


def _memcached_command(binary: str, port: int, workdir: Path) -> list[str]:
    command = [binary, "-l", HOST, "-p", str(port), "-U", "0"]
    # memcached refuses to run as root unless told which user to be.
    return command + ["-u", "root"] if os.geteuid() == 0 else command


_SERVERS = {
    "redis-server": (_redis_command, b"PING\r\n", b"+PONG"),
    "memcached": (_memcached_command, b"version\r\n", b"VERSION"),
}


def _answers(port: int, probe: bytes, reply: bytes) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5) as sock:
            sock.sendall(probe)
            return sock.recv(64).startswith(reply)
    except OSError:
        return False


def start_server(name: str, workdir: Path, port: int | None = None) -> Server:
    """Start ``redis-server`` or ``memcached`` and wait until it answers; fail if it can't."""
    command, probe, reply = _SERVERS[name]
    binary = shutil.which(name)
    if binary is None:
        pytest.fail(
            f"{name} is not installed; the Redis/memcached cache tests need it: "
            f"sudo apt-get install -y {name} (the README's install command does this)",
            pytrace=False,
        )
    port = port or free_port()
    log_path = workdir / f"{name}-{port}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command(binary, port, workdir), stdout=log_file, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not _answers(port, probe, reply):
        if process.poll() is not None or time.monotonic() > deadline:
            Server(name, port, process).stop()
            pytest.fail(f"{name} did not start on port {port}:\n{log_path.read_text()}")
        time.sleep(0.02)
    return Server(name, port, process)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server("redis-server", tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def memcached_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server("memcached", tmp_path_factory.mktemp("memcached"))
    yield server
    server.stop()


@pytest.fixture
def private_server(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start servers owned by one test (e.g. to stop them mid-test); all stopped after it."""
    started: list[Server] = []

    def start(name: str, port: int | None = None) -> Server:
        server = start_server(name, tmp_path, port)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


StoreFactory = Callable[..., CacheStore]


@pytest.fixture(params=["memory", "redis", "memcached"])
def make_store(request: pytest.FixtureRequest) -> Iterator[StoreFactory]:
    """Builds stores of one kind; network stores get a prefix unique to the test."""
    kind = request.param
    made: list[CacheStore] = []
    unique = f"t{abs(hash(request.node.nodeid)) % 10**8}"

    def make(prefix: str = "a:", **options: object) -> CacheStore:
        store: CacheStore
        if kind == "memory":
            store = MemoryStore(**options)
        elif kind == "redis":
            server = request.getfixturevalue("redis_server")
            store = RedisStore(port=server.port, host=HOST, prefix=f"{unique}:{prefix}", **options)
        else:
            server = request.getfixturevalue("memcached_server")
            store = MemcachedStore(
                port=server.port, host=HOST, prefix=f"{unique}:{prefix}", **options
            )
        made.append(store)
        return store

    yield make
    for store in made:
        store.clear()
