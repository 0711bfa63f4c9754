"""Request signing (SAuthc1 and HTTP Basic) and API-key lookup.

SAuthc1 follows stormpath-api.md §3.2; the lookup order and the ``apiKey.properties`` format
follow §3.3 and the client's documented order (arguments, key file, environment, home file).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from stormpath.error import MissingCredentialsError

__all__ = [
    "ApiKey",
    "BasicSigner",
    "Sauthc1Signer",
    "Signer",
    "find_api_key",
    "load_api_key_file",
    "make_signer",
    "parse_properties",
]

HOME_API_KEY_FILE = Path("~") / ".stormpath" / "apiKey.properties"
ID_PROPERTY = "apiKey.id"
SECRET_PROPERTY = "apiKey.secret"
ENV_FILE = "STORMPATH_API_KEY_FILE"
ENV_PAIRS = (
    ("STORMPATH_API_KEY_ID", "STORMPATH_API_KEY_SECRET"),
    ("STORMPATH_CLIENT_APIKEY_ID", "STORMPATH_CLIENT_APIKEY_SECRET"),
)

SAUTHC1_ALGORITHM = "HMAC-SHA-256"
SAUTHC1_TERMINATOR = "sauthc1_request"
# The Python SDK signs every header it sends except these two (stormpath-api.md §3.2), and
# never a previous request's Authorization.
UNSIGNED_HEADERS = frozenset({"content-length", "connection", "authorization"})
DEFAULT_PORTS = {"http": 80, "https": 443}
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))  # "00".."99", for the X-Stormpath-Date


@dataclass(frozen=True)
class ApiKey:
    """A tenant API key. The secret never appears in ``repr``."""

    id: str
    secret: str = field(repr=False)


class Signer(Protocol):
    """Adds authentication headers to a request about to be sent."""

    def sign(
        self, method: str, url: str, headers: MutableMapping[str, str], body: bytes | None
    ) -> None: ...


class BasicSigner:
    """``Authorization: Basic base64(id:secret)``."""

    def __init__(self, api_key: ApiKey) -> None:
        token = f"{api_key.id}:{api_key.secret}".encode()
        self._header = "Basic " + base64.b64encode(token).decode("ascii")

    def sign(
        self, method: str, url: str, headers: MutableMapping[str, str], body: bytes | None
    ) -> None:
        headers["Authorization"] = self._header


def _hmac(key: bytes, message: str) -> bytes:
    # hmac.digest is the one-shot C path: several times cheaper than hmac.new(...).digest().
    return hmac.digest(key, message.encode("utf-8"), "sha256")


def _canonical_encode(value: str) -> str:
    return value.replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


def _uuid4() -> str:
    """A random UUID4 string, as ``str(uuid.uuid4())`` but without building a ``UUID``."""
    digits = os.urandom(16).hex()
    variant = "89ab"[int(digits[16], 16) & 3]  # the two top bits of the 17th digit are 10
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"


@lru_cache(maxsize=64)
def _host_header(scheme: str, netloc: str) -> str:
    # Cached: every request goes to the same origin, and parsing the port is not free.
    parts = urlsplit(f"{scheme}://{netloc}")
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if parts.port is not None and parts.port != DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{parts.port}"
    return host


class Sauthc1Signer:
    """The SAuthc1 digest scheme used by default by the official SDKs."""

    def __init__(self, api_key: ApiKey) -> None:
        self._api_key = api_key
        self._secret_key = ("SAuthc1" + api_key.secret).encode("utf-8")
        # The first link of the key chain only changes with the day: (day, key) of the last.
        self._date_key: tuple[str, bytes] = ("", b"")

    def sign(
        self,
        method: str,
        url: str,
        headers: MutableMapping[str, str],
        body: bytes | None,
        *,
        now: datetime | None = None,
        nonce: str | None = None,
    ) -> None:
        """Set ``Host``, ``X-Stormpath-Date`` and ``Authorization`` on ``headers``.

        The path and query are signed exactly as they appear in ``url`` (already encoded).
        """
        moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
        # strftime("%Y%m%dT%H%M%SZ") without its costly generic machinery.
        two = _TWO_DIGITS
        timestamp = (
            f"{moment.year:04d}{two[moment.month]}{two[moment.day]}"
            f"T{two[moment.hour]}{two[moment.minute]}{two[moment.second]}Z"
        )
        date = timestamp[:8]
        nonce = nonce or _uuid4()
        parts = urlsplit(url)
        headers["Host"] = _host_header(parts.scheme, parts.netloc)
        headers["X-Stormpath-Date"] = timestamp

        canonical_path = _canonical_encode(parts.path or "/")
        canonical_query = (
            _canonical_encode("&".join(sorted(parts.query.split("&")))) if parts.query else ""
        )
        # requests' CaseInsensitiveDict has the lower-case names at hand (and its items() would
        # look every value up again).
        lower_items = getattr(headers, "lower_items", None)
        named = lower_items() if lower_items else ((n.lower(), v) for n, v in headers.items())
        signable = {name: value for name, value in named if name not in UNSIGNED_HEADERS}
        signed_names = sorted(signable)
        canonical_headers = "".join(f"{name}:{signable[name]}\n" for name in signed_names)
        signed_headers = ";".join(signed_names)
        canonical_request = "\n".join(
            [
                method.upper(),
                canonical_path,
                canonical_query,
                canonical_headers,
                signed_headers,
                hashlib.sha256(body or b"").hexdigest(),
            ]
        )
        credential_id = f"{self._api_key.id}/{date}/{nonce}/{SAUTHC1_TERMINATOR}"
        string_to_sign = "\n".join(
            [
                SAUTHC1_ALGORITHM,
                timestamp,
                credential_id,
                hashlib.sha256(canonical_request.encode("utf-8")).hexdigest(),
            ]
        )
        day, date_key = self._date_key  # read once: another thread may replace it at midnight
        if day != date:
            date_key = _hmac(self._secret_key, date)
            self._date_key = (date, date_key)
        key = _hmac(_hmac(date_key, nonce), SAUTHC1_TERMINATOR)
        signature = _hmac(key, string_to_sign).hex()
        headers["Authorization"] = (
            f"SAuthc1 sauthc1Id={credential_id}, sauthc1SignedHeaders={signed_headers}, "
            f"sauthc1Signature={signature}"
        )


def make_signer(api_key: ApiKey, scheme: str = "SAuthc1") -> Signer:
    """Return the signer for ``scheme`` (``'SAuthc1'`` or ``'basic'``, case-insensitive)."""
    normalized = scheme.lower()
    if normalized == "sauthc1":
        return Sauthc1Signer(api_key)
    if normalized == "basic":
        return BasicSigner(api_key)
    raise ValueError(f"Unknown authentication scheme {scheme!r}: use 'SAuthc1' or 'basic'.")


def parse_properties(text: str) -> dict[str, str]:
    """Parse Java-properties lines: ``#``/``!`` comments, split at the first ``=``, trimmed."""
    result: dict[str, str] = {}
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith(("#", "!")) or "=" not in line:
            continue
        name, _, value = line.partition("=")
        result[name.strip()] = value.strip()
    return result


def load_api_key_file(path: str | os.PathLike[str]) -> ApiKey:
    """Read ``apiKey.id`` and ``apiKey.secret`` from an ``apiKey.properties`` file."""
    location = Path(path).expanduser()
    try:
        properties = parse_properties(location.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MissingCredentialsError(
            f"Could not read the Stormpath API key file {str(location)!r}: {exc.strerror or exc}"
        ) from exc
    key_id, secret = properties.get(ID_PROPERTY), properties.get(SECRET_PROPERTY)
    if not key_id or not secret:
        raise MissingCredentialsError(
            f"The Stormpath API key file {str(location)!r} must define both "
            f"{ID_PROPERTY!r} and {SECRET_PROPERTY!r}."
        )
    return ApiKey(key_id, secret)


def find_api_key(
    id: str | None = None,
    secret: str | None = None,
    api_key_file_location: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    home_file: str | os.PathLike[str] | None = None,
) -> ApiKey:
    """Find the API key: arguments, key file, environment, then ``~/.stormpath``.

    An explicitly named file (argument or ``STORMPATH_API_KEY_FILE``) that cannot be read is an
    error rather than a reason to keep looking: silently using other credentials would surprise.
    """
    env = os.environ if environ is None else environ
    if id or secret:
        if not (id and secret):
            raise MissingCredentialsError("Both an API key id and an API key secret are needed.")
        return ApiKey(id, secret)
    explicit_file = api_key_file_location or env.get(ENV_FILE)
    if explicit_file:
        return load_api_key_file(explicit_file)
    for id_name, secret_name in ENV_PAIRS:
        if env.get(id_name) and env.get(secret_name):
            return ApiKey(env[id_name], env[secret_name])
    home = Path(home_file if home_file is not None else HOME_API_KEY_FILE).expanduser()
    if home.is_file():
        return load_api_key_file(home)
    raise MissingCredentialsError(
        "No Stormpath API key found. Looked in: (1) the Client arguments id/secret "
        "(or api_key_id/api_key_secret, api_key={'id', 'secret'}); (2) an apiKey.properties "
        f"file given as api_key_file_location or by the {ENV_FILE} environment variable; "
        "(3) the environment variables STORMPATH_API_KEY_ID/STORMPATH_API_KEY_SECRET or "
        f"STORMPATH_CLIENT_APIKEY_ID/STORMPATH_CLIENT_APIKEY_SECRET; (4) the file {home}."
    )
