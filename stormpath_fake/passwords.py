"""Password hashing and the directory password-strength policy."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import string
from collections.abc import Mapping
from typing import Protocol

import bcrypt

from .exceptions import StormpathError

DEFAULT_STRENGTH: dict[str, int] = {
    "minLength": 8,
    "maxLength": 100,
    "minLowerCase": 1,
    "minUpperCase": 1,
    "minNumeric": 1,
    "minSymbol": 0,
    "minDiacritic": 0,
    "preventReuse": 0,
}
MAX_PREVENT_REUSE = 25

SYMBOLS = frozenset(string.punctuation + " " + "¡¦§©«¬®±µ¶·»½¿×÷")
DIACRITICS = frozenset(chr(c) for c in range(0xC0, 0x100)) - {"×", "÷"}
_LOWER = frozenset(string.ascii_lowercase)
_UPPER = frozenset(string.ascii_uppercase)
_DIGITS = frozenset(string.digits)

# Check order matters: the first failing rule is reported (Flask tests rely on numeric before
# uppercase). Each row: (policy key, character class, singular noun).
_CLASS_RULES: tuple[tuple[str, frozenset[str], str], ...] = (
    ("minLowerCase", _LOWER, "lowercase"),
    ("minNumeric", _DIGITS, "numeric"),
    ("minSymbol", SYMBOLS, "symbol"),
    ("minUpperCase", _UPPER, "uppercase"),
    ("minDiacritic", DIACRITICS, "diacritic"),
)


class PasswordHasher(Protocol):
    """Turns passwords into salted hashes and checks them."""

    def hash(self, password: str) -> str:
        """Return a salted hash of ``password``."""
        ...

    def verify(self, password: str, hashed: str) -> bool:
        """Whether ``password`` matches ``hashed``."""
        ...


class FastHasher:
    """Salted HMAC-SHA256: cheap on purpose, because test suites create thousands of accounts."""

    def hash(self, password: str) -> str:
        salt = os.urandom(8).hex()
        return f"fast${salt}${self._digest(salt, password)}"

    def verify(self, password: str, hashed: str) -> bool:
        try:
            scheme, salt, digest = hashed.split("$")
        except ValueError:
            return False
        return scheme == "fast" and hmac.compare_digest(digest, self._digest(salt, password))

    @staticmethod
    def _digest(salt: str, password: str) -> str:
        # hmac.digest: the one-shot C path, same digest as hmac.new(..., sha256).hexdigest().
        return hmac.digest(salt.encode(), password.encode("utf-8"), "sha256").hex()


class BcryptHasher:
    """bcrypt at a realistic cost, for when hashing speed should feel like production."""

    def __init__(self, rounds: int = 12) -> None:
        self.rounds = rounds

    def hash(self, password: str) -> str:
        return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(self.rounds)).decode()

    def verify(self, password: str, hashed: str) -> bool:
        try:
            return bcrypt.checkpw(password.encode("utf-8"), hashed.encode())
        except ValueError:
            return False


def make_hasher(name: str) -> PasswordHasher:
    """``"fast"`` or ``"bcrypt"``."""
    if name == "fast":
        return FastHasher()
    if name == "bcrypt":
        return BcryptHasher()
    raise ValueError(f"unknown password_hasher {name!r} (use 'fast' or 'bcrypt')")


_MCF_DIGESTS = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


def is_mcf(value: str) -> bool:
    """Whether ``value`` is importable: ``$stormpath2$...`` or bcrypt (``$2a$``, ``$2b$``...)."""
    if value.startswith(("$2a$", "$2b$", "$2x$", "$2y$")):
        return True
    parts = value.split("$")
    if len(parts) != 6 or parts[1] != "stormpath2" or parts[2] not in _MCF_DIGESTS:
        return False
    try:
        base64.b64decode(parts[4], validate=True)
        return int(parts[3]) >= 1 and bool(base64.b64decode(parts[5], validate=True))
    except (ValueError, binascii.Error):
        return False


def verify_mcf(password: str, hashed: str) -> bool:
    """Check a password against an imported MCF hash.

    ``$stormpath2$<ALG>$<iterations>$<b64 salt>$<b64 hash>``: the first round hashes salt bytes
    followed by password bytes; each further round hashes the previous digest (the rule for
    more than one iteration is inferred).
    """
    if hashed.startswith("$2"):
        # bcrypt only knows $2a$/$2b$/$2y$; $2x$ hashes verify the same way as $2a$.
        fixed = "$2a$" + hashed[4:] if hashed.startswith("$2x$") else hashed
        try:
            return bcrypt.checkpw(password.encode("utf-8"), fixed.encode())
        except ValueError:
            return False
    _, _, algorithm, iterations, salt, expected = hashed.split("$")
    name = _MCF_DIGESTS[algorithm]
    digest = hashlib.new(name, base64.b64decode(salt) + password.encode("utf-8")).digest()
    for _ in range(int(iterations) - 1):
        digest = hashlib.new(name, digest).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), expected)


def _policy_error(message: str, code: int = 400) -> StormpathError:
    return StormpathError(400, code, message)


def check_strength(password: str, strength: Mapping[str, int]) -> None:
    """Raise the Stormpath error for the first strength rule ``password`` breaks.

    Order: maxLength, minLength, lowercase, numeric, symbol, uppercase, diacritic.
    """
    if len(password) > strength["maxLength"]:
        raise _policy_error("Account password maximum length exceeded.", 2008)
    if len(password) < strength["minLength"]:
        raise _policy_error("Account password minimum length not satisfied.", 2007)
    for key, chars, noun in _CLASS_RULES:
        needed = strength[key]
        if needed and sum(1 for c in password if c in chars) < needed:
            plural = "character" if needed == 1 else "characters"
            raise _policy_error(f"Password requires at least {needed} {noun} {plural}.")


def check_reuse(
    password: str, history: list[str], prevent_reuse: int, hasher: PasswordHasher
) -> None:
    """Refuse ``password`` if it equals one of the last ``prevent_reuse`` hashes in ``history``.

    ``history`` is newest last and includes the current password.
    """
    if prevent_reuse <= 0:
        return
    for hashed in history[-prevent_reuse:]:
        if hasher.verify(password, hashed):
            raise _policy_error(
                f"The password cannot be the same as any of the last {prevent_reuse} passwords "
                "of the Account."
                if prevent_reuse > 1
                else "The password cannot be the same as the current password of the Account.",
                2010,
            )
