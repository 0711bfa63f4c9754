"""Realistic account data for tests: Faker's names, and passwords that meet a password policy.

This module does not import pytest (the fixtures in :mod:`pytest_stormpath.fixtures` use it),
nor anything heavy: Faker's name lists load on first use.
"""

from __future__ import annotations

import random
import secrets
import string
from dataclasses import dataclass
from importlib import import_module
from typing import Any

# Symbols a browser form and a shell both pass through unchanged.
_SYMBOLS = "!#%*+-=?@_"
_DIACRITICS = "àáâäçèéêëìíîïñòóôöùúûü"
# Long enough to clear any sensible minimum, short enough to type in a failing test's output.
_DEFAULT_LENGTH = 14


@dataclass(frozen=True)
class PasswordRules:
    """A directory's password strength policy (Stormpath defaults unless given)."""

    min_length: int = 8
    max_length: int = 100
    min_lower_case: int = 1
    min_upper_case: int = 1
    min_numeric: int = 1
    min_symbol: int = 0
    min_diacritic: int = 0

    @classmethod
    def from_strength(cls, strength: Any) -> PasswordRules:
        """Read the rules from a client ``PasswordStrength`` resource (snake_case attributes)."""
        defaults = cls()
        values = {
            name: getattr(strength, name, getattr(defaults, name))
            for name in cls.__dataclass_fields__
        }
        return cls(**{name: int(value) for name, value in values.items()})


def generate_password(rules: PasswordRules | None = None, rng: random.Random | None = None) -> str:
    """Return a random password meeting ``rules`` (the default Stormpath policy when None).

    Every class gets at least one character more than the policy asks for when the length
    allows, so a password also meets a slightly stricter policy than the one it was made for.
    """
    rules = rules or PasswordRules()
    rng = rng or random.Random()
    classes = [
        (string.ascii_lowercase, max(rules.min_lower_case, 1)),
        (string.ascii_uppercase, max(rules.min_upper_case, 1)),
        (string.digits, max(rules.min_numeric, 1)),
        (_SYMBOLS, max(rules.min_symbol, 1)),
        (_DIACRITICS, rules.min_diacritic),
    ]
    chars = [rng.choice(alphabet) for alphabet, count in classes for _ in range(count)]
    target = min(max(rules.min_length, _DEFAULT_LENGTH), rules.max_length)
    filler = string.ascii_letters + string.digits
    chars += [rng.choice(filler) for _ in range(target - len(chars))]
    if len(chars) > rules.max_length:
        raise ValueError(
            f"no password can meet this policy: it needs {len(chars)} characters "
            f"but allows at most {rules.max_length}"
        )
    rng.shuffle(chars)
    return "".join(chars)


def _ascii_local_part(text: str) -> str:
    """An email local part from a name: lowercase ASCII letters and digits, joined by dots."""
    words = "".join(char if char.isascii() and char.isalnum() else "." for char in text.lower())
    return ".".join(word for word in words.split(".") if word) or "user"


class UserFactory:
    """Builds the keyword arguments of ``flask_stormpath.User.create`` from Faker's name data.

    Names are drawn uniformly from the lists of Faker's person provider for ``locale``. Going
    to the lists rather than through a ``Faker`` instance costs microseconds instead of most of
    a millisecond per user, and nothing at start-up (the lists load on first use).
    """

    def __init__(self, seed: int | None = None, locale: str = "en_US") -> None:
        self._rng = random.Random(seed)
        self._locale = locale
        self._names: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    def _name_lists(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if self._names is None:
            provider = import_module(f"faker.providers.person.{self._locale}").Provider
            self._names = (tuple(provider.first_names), tuple(provider.last_names))
        return self._names

    def fields(self, rules: PasswordRules | None = None, **given: Any) -> dict[str, Any]:
        """Return account fields: Faker values for whatever ``given`` does not set.

        Emails and usernames end in a random suffix from ``secrets`` (even with a seed), so
        users never collide, across xdist workers and runs against a real service included.
        """
        first_names, last_names = self._name_lists()
        given_name = given.get("given_name") or self._rng.choice(first_names)
        surname = given.get("surname") or self._rng.choice(last_names)
        suffix = secrets.token_hex(4)
        local = _ascii_local_part(f"{given_name}.{surname}")
        fields: dict[str, Any] = {
            "email": f"{local}.{suffix}@example.com",
            "password": generate_password(rules, self._rng),
            "given_name": given_name,
            "surname": surname,
            "username": f"{local.replace('.', '_')}_{suffix}",
            "middle_name": None,
            "custom_data": None,
            "status": "ENABLED",
        }
        fields.update(given)
        return fields
