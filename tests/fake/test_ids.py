"""Resource ids: 22 base62 characters, evenly drawn, reproducible on demand."""

from __future__ import annotations

import collections
import re

import pytest

from stormpath_fake import ids
from stormpath_fake.ids import ALPHABET, ID_LENGTH, IdGenerator

ID = re.compile(r"[0-9A-Za-z]{22}")


def test_ids_are_22_base62_characters_and_unique() -> None:
    made = [IdGenerator().new() for _ in range(5000)]
    assert all(ID.fullmatch(value) for value in made)
    assert len(set(made)) == len(made)


def test_every_character_is_about_equally_likely() -> None:
    generator = IdGenerator()
    counts = collections.Counter("".join(generator.new() for _ in range(20000)))
    assert set(counts) == set(ALPHABET)
    expected = 20000 * ID_LENGTH / len(ALPHABET)
    # Chi-square with 61 degrees of freedom: above 120 has odds under one in 100,000.
    chi_square = sum((count - expected) ** 2 / expected for count in counts.values())
    assert chi_square < 120


def test_deterministic_ids_repeat_after_a_reset() -> None:
    generator = IdGenerator(deterministic=True, seed=7)
    first = [generator.new() for _ in range(10)]
    generator.reset()
    assert [generator.new() for _ in range(10)] == first
    assert [IdGenerator(deterministic=True, seed=8).new() for _ in range(10)] != first


def test_a_draw_with_too_few_usable_bytes_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # Bytes from 248 up would skew the alphabet: they are dropped, and a short draw retried.
    draws = iter([bytes([255] * 20 + list(range(12))), bytes(range(32))])
    monkeypatch.setattr(ids.secrets, "token_bytes", lambda size: next(draws))
    assert IdGenerator().new() == ALPHABET[:22]
