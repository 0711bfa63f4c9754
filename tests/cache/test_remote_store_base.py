"""RemoteStore's shared behaviour, on an in-memory stand-in whose failures are scripted."""

from __future__ import annotations

import logging

import pytest

from stormpath.cache.remote_store import RemoteStore

LOGGER = "stormpath.cache"


class ScriptedStore(RemoteStore):
    """A RemoteStore over a dict that fails the operations named in ``failing``."""

    def __init__(self) -> None:
        super().__init__("scripted", (ConnectionError,))
        self.data: dict[str, str] = {}
        self.failing: set[str] = set()
        self.refuse_sets = False

    def _check(self, operation: str) -> None:
        if operation in self.failing:
            raise ConnectionError(f"{operation} failed")

    def _raw_get(self, key):
        self._check("get")
        return self.data.get(key)

    def _raw_set(self, key, text, ttl):
        self._check("set")
        if self.refuse_sets:
            return False
        self.data[key] = text
        return True

    def _raw_delete(self, key):
        self._check("delete")
        self.data.pop(key, None)

    def _raw_clear(self):
        self._check("clear")
        self.data.clear()


def test_a_failed_set_removes_the_older_value():
    store = ScriptedStore()
    store.set("k", {"v": 1})
    store.failing = {"set"}
    store.set("k", {"v": 2})
    store.failing = set()
    assert store.get("k") is None


def test_a_refused_set_removes_the_older_value():
    store = ScriptedStore()
    store.set("k", {"v": 1})
    store.refuse_sets = True
    store.set("k", {"v": 2})
    assert store.get("k") is None


def test_other_errors_are_not_swallowed():
    store = ScriptedStore()
    store._raw_get = lambda key: 1 / 0  # a bug, not an outage
    with pytest.raises(ZeroDivisionError):
        store.get("k")


def test_one_warning_per_outage(caplog):
    store = ScriptedStore()
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        store.failing = {"get", "set", "delete", "clear"}
        for _ in range(3):
            assert store.get("k") is None
            store.set("k", {"v": 1})
        store.failing = set()
        store.set("k", {"v": 1})
        store.failing = {"get"}
        assert store.get("k") is None
    levels = [r.levelname for r in caplog.records if r.name == LOGGER]
    # outage 1: a warning then debug lines; recovery: info; outage 2: a new warning.
    assert levels[0] == "WARNING"
    assert levels.count("WARNING") == 2
    assert levels[levels.index("INFO") + 1] == "WARNING"
    assert set(levels[1 : levels.index("INFO")]) == {"DEBUG"}
    assert "ScriptedStore(scripted) unavailable (get: get failed)" in caplog.records[0].message
