"""Resource ids and tokens: random 22-char base62 strings, or a reproducible sequence.
Request ids: random version-4 UUIDs."""

from __future__ import annotations

import os
import random
import secrets
import string

ALPHABET = string.digits + string.ascii_letters
ID_LENGTH = 22
# Random bytes map onto the alphabet through one C-level translate: bytes below 248 (four
# times 62) map evenly, the others are dropped. 32 bytes nearly always leave 22.
_EVEN = 4 * len(ALPHABET)
_DRAW = 32
_TO_ALPHABET = bytes(
    ALPHABET.encode("ascii")[b % len(ALPHABET)] if b < _EVEN else 0 for b in range(256)
)
_UNEVEN = bytes(range(_EVEN, 256))


class IdGenerator:
    """Hands out URL-safe ids without ``/``.

    ``deterministic=True`` draws from a seeded PRNG so a test run sees the same ids every time;
    :meth:`reset` restarts that sequence.
    """

    def __init__(self, deterministic: bool = False, seed: int = 0) -> None:
        self.deterministic = deterministic
        self._seed = seed
        self._rng = random.Random(seed)

    def reset(self) -> None:
        """Restart the deterministic sequence (no effect on random ids)."""
        self._rng = random.Random(self._seed)

    def new(self) -> str:
        """Return a fresh 22-character base62 id."""
        while True:
            raw = self._rng.randbytes(_DRAW) if self.deterministic else secrets.token_bytes(_DRAW)
            digits = raw.translate(_TO_ALPHABET, _UNEVEN)
            if len(digits) >= ID_LENGTH:
                return digits[:ID_LENGTH].decode("ascii")


def request_id() -> str:
    """A random version-4 UUID string (what ``str(uuid.uuid4())`` gives, at a third of the
    cost: no ``UUID`` object is built)."""
    digits = os.urandom(16).hex()
    # Version nibble 4; variant bits 10 in the top of the 17th hex digit.
    variant = "89ab"[int(digits[16], 16) & 3]
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"
