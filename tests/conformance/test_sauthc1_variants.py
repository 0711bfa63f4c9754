"""SAuthc1 as the Python SDK ("rawq") and the Java/Go SDKs ("ref") sign it, plus Basic, sent
over a real socket to `stormpath-fake serve` (the Node variant runs in test_node_sdk.py through
the SDK itself). The signer below is written from the spec and first checked against its test
vectors; wrong, skewed and missing credentials must get the full 401 body."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, unquote_plus, urlsplit

import pytest
import requests
from conformance_support import *  # noqa: F403 - the suite's fixtures

VECTOR_NONCE = "a43a9d25-ab06-421e-8605-33fd1e760825"
VECTOR_DATE = "20130701T000000Z"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _fix(text: str) -> str:
    return text.replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


def _query(query: str, variant: str) -> str:
    if not query:
        return ""
    if variant == "rawq":  # Python: the pieces as sent, sorted as strings
        return _fix("&".join(sorted(query.split("&"))))
    # Java/Go: decoded parameters sorted by name, each re-encoded with %20 for spaces
    pairs = sorted(
        (unquote_plus(n), unquote_plus(v))
        for n, _, v in (p.partition("=") for p in query.split("&"))
    )
    return "&".join(f"{quote(n, safe='~')}={quote(v, safe='~')}" for n, v in pairs)


def signature(
    method: str,
    target: str,
    headers: dict[str, str],
    body: bytes,
    key: tuple[str, str],
    stamp: str,
    nonce: str,
    variant: str,
) -> str:
    """The Authorization header value for a request whose ``headers`` are all signed."""
    path, _, query = target.partition("?")
    names = sorted(name.lower() for name in headers)
    values = {name.lower(): value for name, value in headers.items()}
    canonical = "\n".join(
        (
            method,
            _fix(path) or "/",
            _query(query, variant),
            "".join(f"{name}:{values[name]}\n" for name in names),
            ";".join(names),
            hashlib.sha256(body).hexdigest(),
        )
    )
    scope = f"{key[0]}/{stamp[:8]}/{nonce}/sauthc1_request"
    to_sign = "\n".join(
        ("HMAC-SHA-256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest())
    )
    signing = _hmac(
        _hmac(_hmac(("SAuthc1" + key[1]).encode(), stamp[:8]), nonce), "sauthc1_request"
    )
    digest = hmac.new(signing, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"SAuthc1 sauthc1Id={scope}, sauthc1SignedHeaders={';'.join(names)}, "
        f"sauthc1Signature={digest}"
    )


@pytest.mark.parametrize(
    ("target", "variant", "expected_tail"),
    [
        ("/v1/", "ref", "b9411c"),
        ("/v1/directories?orderBy=name+asc", "rawq", "314176"),
        (
            "/v1/applications/77JnfFiREjdfQH0SObMfjI/groups?q=group&limit=25&offset=25",
            "ref",
            "a832d3",
        ),
    ],
)
def test_the_signer_reproduces_the_spec_vectors(target, variant, expected_tail):
    headers = {"Host": "api.stormpath.com", "X-Stormpath-Date": VECTOR_DATE}
    value = signature(
        "GET", target, headers, b"", ("MyId", "Shush!"), VECTOR_DATE, VECTOR_NONCE, variant
    )
    assert value.endswith(expected_tail)


def _send(served, method: str, url: str, variant: str, *, skew=timedelta(0), secret=None, **kw):
    session = requests.Session()
    prepared = session.prepare_request(requests.Request(method, url, **kw))
    parts = urlsplit(prepared.url)
    stamp = (datetime.now(timezone.utc) + skew).strftime("%Y%m%dT%H%M%SZ")
    prepared.headers["Host"] = parts.netloc
    prepared.headers["X-Stormpath-Date"] = stamp
    signed = {
        k: v
        for k, v in prepared.headers.items()
        if k.lower() not in ("content-length", "connection")
    }
    body = prepared.body or b""
    body = body.encode() if isinstance(body, str) else body
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    key = (served.key_id, secret or served.secret)
    prepared.headers["Authorization"] = signature(
        method, target, signed, body, key, stamp, str(uuid.uuid4()), variant
    )
    return session.send(prepared, timeout=10, allow_redirects=False)


@pytest.mark.parametrize("variant", ["rawq", "ref"])
def test_python_and_java_signatures_over_http(served, variant):
    params = {"orderBy": "surname desc,givenName", "q": "a*b ~x", "limit": "5", "email": "*@x.org"}
    listed = _send(served, "GET", f"{served.app_href}/accounts", variant, params=params)
    assert listed.status_code == 200, listed.text
    created = _send(
        served,
        "POST",
        f"{served.app_href}/accounts",
        variant,
        json={"email": f"{variant}@x.org", "password": "Passw0rdStrong", "givenName": "Zoë"},
    )
    assert created.status_code == 201, created.text
    tokens = _send(
        served,
        "POST",
        f"{served.app_href}/oauth/token",
        variant,
        data={
            "grant_type": "password",
            "username": f"{variant}@x.org",
            "password": "Passw0rdStrong",
        },
    )
    assert tokens.status_code == 200, tokens.text
    redirect = _send(served, "GET", f"{served.base_url}/tenants/current", variant)
    assert redirect.status_code == 302
    followed = _send(served, "GET", redirect.headers["Location"], variant)
    assert followed.json()["href"] == served.tenant_href
    deleted = _send(served, "DELETE", created.json()["href"], variant)
    assert deleted.status_code == 204


@pytest.mark.parametrize(
    "fault",
    [
        {"secret": "not-the-secret"},
        {"skew": timedelta(minutes=20)},
        {"skew": -timedelta(minutes=20)},
    ],
    ids=["wrong-secret", "ahead", "behind"],
)
def test_bad_signatures_get_the_full_401_body(served, fault):
    response = _send(served, "GET", served.app_href, "rawq", **fault)
    assert response.status_code == 401
    body = response.json()
    assert (body["status"], body["code"]) == (401, 401)
    assert body["message"] == "Authentication required."
    assert body["developerMessage"] == "Authentication with a valid API Key is required."
    assert body["moreInfo"] and body["requestId"]


def test_basic_auth_over_http(served):
    response = requests.get(served.app_href, auth=(served.key_id, served.secret), timeout=10)
    assert response.status_code == 200
    assert response.json()["href"] == served.app_href
