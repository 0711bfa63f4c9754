"""auth.authenticate: Basic and SAuthc1 (spec test vectors, query variants, skew), plus
SAuthc1-signed requests through the in-process door. The signer here is written from the spec,
independently of the emulator and of the client package."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, unquote_plus, urlsplit

import pytest
import requests
from helpers_core import Http, started_http

from stormpath_fake.auth import authenticate, parse_date
from stormpath_fake.exceptions import AuthenticationFailed


@pytest.fixture
def http() -> Iterator[Http]:
    yield from started_http()


V1_NONCE = "a43a9d25-ab06-421e-8605-33fd1e760825"
V1_DATE = "20130701T000000Z"
V1_NOW = datetime(2013, 7, 1, 0, 5, tzinfo=timezone.utc)
KEYS = {"MyId": "Shush!", "stormpath_apiKey_id": "stormpath_apiKey_secret"}


def _h(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _fix(text: str) -> str:
    return text.replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


def canonical_query(query: str, variant: str) -> str:
    if not query:
        return ""
    if variant == "rawq":
        return _fix("&".join(sorted(query.split("&"))))
    pairs = sorted(
        (unquote_plus(n), unquote_plus(v))
        for n, _, v in (p.partition("=") for p in query.split("&"))
    )
    return "&".join(f"{quote(n, safe='~')}={quote(v, safe='~')}" for n, v in pairs)


def sign_headers(
    method: str,
    url: str,
    key_id: str,
    secret: str,
    *,
    stamp: str,
    nonce: str,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    variant: str = "rawq",
) -> dict[str, str]:
    """Headers (Host, X-Stormpath-Date, Authorization, plus ``headers``) signing a request."""
    parts = urlsplit(url)
    all_headers = {"Host": parts.netloc, "X-Stormpath-Date": stamp, **(headers or {})}
    names = sorted(all_headers, key=str.lower)
    signed = ";".join(n.lower() for n in names)
    canonical = "\n".join(
        [
            method,
            _fix(parts.path) or "/",
            canonical_query(parts.query, variant),
            "".join(f"{n.lower()}:{all_headers[n]}\n" for n in names),
            signed,
            hashlib.sha256(body).hexdigest(),
        ]
    )
    scope = f"{key_id}/{stamp[:8]}/{nonce}/sauthc1_request"
    to_sign = "\n".join(
        ["HMAC-SHA-256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = _h(_h(_h(("SAuthc1" + secret).encode(), stamp[:8]), nonce), "sauthc1_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    all_headers["Authorization"] = (
        f"SAuthc1 sauthc1Id={scope}, sauthc1SignedHeaders={signed}, sauthc1Signature={signature}"
    )
    return all_headers


def _raw_uri(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _vector_header(key_id: str, stamp: str, nonce: str, signed: str, signature: str) -> str:
    return (
        f"SAuthc1 sauthc1Id={key_id}/{stamp[:8]}/{nonce}/sauthc1_request, "
        f"sauthc1SignedHeaders={signed}, sauthc1Signature={signature}"
    )


@pytest.mark.parametrize(
    ("path", "signature"),
    [
        ("/v1/", "990a95aabbcbeb53e48fb721f73b75bd3ae025a2e86ad359d08558e1bbb9411c"),
        (
            "/v1/directories?orderBy=name+asc",
            "fc04c5187cc017bbdf9c0bb743a52a9487ccb91c0996267988ceae3f10314176",
        ),
    ],
)
def test_spec_vectors_with_host_and_date(path, signature):
    headers = {
        "Host": "api.stormpath.com",
        "X-Stormpath-Date": V1_DATE,
        "Authorization": _vector_header(
            "MyId", V1_DATE, V1_NONCE, "host;x-stormpath-date", signature
        ),
    }
    assert authenticate("GET", path, headers, b"", KEYS.get, V1_NOW) == "MyId"
    tampered = dict(headers, Authorization=headers["Authorization"][:-1] + "0")
    with pytest.raises(AuthenticationFailed):
        authenticate("GET", path, tampered, b"", KEYS.get, V1_NOW)


def test_spec_vector_signing_every_python_header():
    stamp = "20140214T141337Z"
    nonce = "3412d026-624e-4778-b02d-f9906f40fc4f"
    signed = "accept;accept-encoding;content-type;host;user-agent;x-stormpath-date"
    headers = {
        "Host": "api.stormpath.com",
        "Accept": "application/json",
        "Accept-Encoding": "gzip, deflate, compress",
        "Content-Type": "application/json",
        "User-Agent": "Stormpath-PythonSDK/1.0.0.beta",
        "X-Stormpath-Date": stamp,
        "Authorization": _vector_header(
            "stormpath_apiKey_id",
            stamp,
            nonce,
            signed,
            "203e26a39bec66b145bce797c0672104e0c8d5a20847686841fa1e17b56875fb",
        ),
    }
    now = datetime(2014, 2, 14, 14, 13, 37, tzinfo=timezone.utc)
    assert authenticate("GET", "/v1/tenants/current", headers, b"", KEYS.get, now) == (
        "stormpath_apiKey_id"
    )


def test_own_signer_reproduces_the_spec_vector():
    url = "https://api.stormpath.com/v1/directories?orderBy=name+asc"
    headers = sign_headers("GET", url, "MyId", "Shush!", stamp=V1_DATE, nonce=V1_NONCE)
    assert headers["Authorization"].endswith(
        "fc04c5187cc017bbdf9c0bb743a52a9487ccb91c0996267988ceae3f10314176"
    )


@pytest.mark.parametrize("variant", ["rawq", "ref"])
def test_query_variants_are_both_accepted(variant):
    # "limit-x" sorts before "limit" as a plain string but after it by name, and "!" is
    # re-encoded only by the ref variant: the two canonical forms differ.
    url = (
        "https://api.stormpath.com/v1/applications/77JnfFiREjdfQH0SObMfjI/groups"
        "?q=a!b&limit=25&limit-x=1&orderBy=name+desc"
    )
    assert canonical_query(urlsplit(url).query, "rawq") != canonical_query(
        urlsplit(url).query, "ref"
    )
    headers = sign_headers(
        "GET", url, "MyId", "Shush!", stamp=V1_DATE, nonce=V1_NONCE, variant=variant
    )
    assert authenticate("GET", _raw_uri(url), headers, b"", KEYS.get, V1_NOW) == "MyId"


def _node020_headers(url: str, key_id: str, secret: str) -> dict[str, str]:
    """The Node SDK 0.20 shim's signature: query inside the path part, first-occurrence
    replacements, empty query part, keys re-encoded latin-1 -> UTF-8."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    target = target.replace("+", "%20", 1).replace("*", "%2A", 1).replace("%7E", "~", 1)
    headers = {
        "Host": parts.netloc,
        "User-Agent": "stormpath-sdk-node/0.20.1",
        "X-Stormpath-Date": V1_DATE,
    }
    names = sorted(headers, key=str.lower)
    signed = ";".join(n.lower() for n in names)
    block = "".join(f"{n.lower()}:{headers[n]}\n" for n in names)
    canonical = "\n".join(["GET", target, "", block, signed, hashlib.sha256(b"").hexdigest()])
    scope = f"{key_id}/{V1_DATE[:8]}/{V1_NONCE}/sauthc1_request"
    to_sign = "\n".join(
        ["HMAC-SHA-256", V1_DATE, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = ("SAuthc1" + secret).encode()
    for text in (V1_DATE[:8], V1_NONCE, "sauthc1_request"):
        key = _h(key, text).decode("latin-1").encode("utf-8")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = (
        f"SAuthc1 sauthc1Id={scope}, sauthc1SignedHeaders={signed}, sauthc1Signature={signature}"
    )
    return headers


@pytest.mark.parametrize(
    "url",
    [
        "https://api.stormpath.com/v1/tenants/current",
        "https://api.stormpath.com/v1/applications?name=My+App&expand=accounts",
    ],
)
def test_node020_shim_signatures_are_accepted(url):
    headers = _node020_headers(url, "MyId", "Shush!")
    assert authenticate("GET", _raw_uri(url), headers, b"", KEYS.get, V1_NOW) == "MyId"
    wrong = _node020_headers(url, "MyId", "Other!")
    with pytest.raises(AuthenticationFailed):
        authenticate("GET", _raw_uri(url), wrong, b"", KEYS.get, V1_NOW)


def test_body_and_method_are_signed():
    url = "https://api.stormpath.com/v1/applications"
    body = b'{"name":"x"}'
    headers = sign_headers("POST", url, "MyId", "Shush!", stamp=V1_DATE, nonce=V1_NONCE, body=body)
    assert authenticate("POST", "/v1/applications", headers, body, KEYS.get, V1_NOW) == "MyId"
    for method, sent in (("POST", b'{"name":"y"}'), ("DELETE", body)):
        with pytest.raises(AuthenticationFailed):
            authenticate(method, "/v1/applications", headers, sent, KEYS.get, V1_NOW)


@pytest.mark.parametrize("offset", [timedelta(minutes=16), timedelta(minutes=-16)])
def test_dates_beyond_the_skew_are_refused(offset):
    headers = sign_headers(
        "GET", "https://api.stormpath.com/v1/", "MyId", "Shush!", stamp=V1_DATE, nonce=V1_NONCE
    )
    now = datetime(2013, 7, 1, tzinfo=timezone.utc) + offset
    with pytest.raises(AuthenticationFailed):
        authenticate("GET", "/v1/", headers, b"", KEYS.get, now)
    wider = authenticate("GET", "/v1/", headers, b"", KEYS.get, now, max_skew=timedelta(minutes=20))
    assert wider == "MyId"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda h: h.update({"X-Stormpath-Date": "garbage"}),
        lambda h: h.update(
            {"Authorization": h["Authorization"].replace("/20130701/", "/20130702/")}
        ),
        lambda h: h.update({"Authorization": h["Authorization"].replace("sauthc1_request", "x")}),
        lambda h: h.update({"Authorization": "SAuthc1 nonsense"}),
        lambda h: h.update({"Host": "evil.example.com"}),
    ],
)
def test_malformed_or_tampered_sauthc1_is_refused(mutate):
    headers = sign_headers(
        "GET", "https://api.stormpath.com/v1/", "MyId", "Shush!", stamp=V1_DATE, nonce=V1_NONCE
    )
    mutate(headers)
    with pytest.raises(AuthenticationFailed):
        authenticate("GET", "/v1/", headers, b"", KEYS.get, V1_NOW)


def test_host_and_date_must_be_signed():
    url = "https://api.stormpath.com/v1/"
    headers = sign_headers("GET", url, "MyId", "Shush!", stamp=V1_DATE, nonce=V1_NONCE)
    headers["Authorization"] = headers["Authorization"].replace(
        "sauthc1SignedHeaders=host;x-stormpath-date", "sauthc1SignedHeaders=x-stormpath-date"
    )
    with pytest.raises(AuthenticationFailed):
        authenticate("GET", "/v1/", headers, b"", KEYS.get, V1_NOW)


def test_unknown_key_refused_unless_trusted():
    headers = sign_headers(
        "GET", "https://api.stormpath.com/v1/", "Other", "s", stamp=V1_DATE, nonce=V1_NONCE
    )
    with pytest.raises(AuthenticationFailed):
        authenticate("GET", "/v1/", headers, b"", KEYS.get, V1_NOW)
    trusted = authenticate("GET", "/v1/", headers, b"", KEYS.get, V1_NOW, trust_unknown_keys=True)
    assert trusted == "Other"


def _basic(user: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()}


def test_basic_credentials():
    now = datetime.now(timezone.utc)
    assert authenticate("GET", "/v1/", _basic("MyId", "Shush!"), b"", KEYS.get, now) == "MyId"
    secret_with_colon = {"K": "a:b"}
    assert authenticate("GET", "/", _basic("K", "a:b"), b"", secret_with_colon.get, now) == "K"
    for headers in (
        _basic("MyId", "wrong"),
        _basic("Nobody", "Shush!"),
        {"Authorization": "Basic !!!"},
        {"Authorization": "Basic " + base64.b64encode(b"nocolon").decode()},
        {"Authorization": "Bearer x"},
        {},
    ):
        with pytest.raises(AuthenticationFailed):
            authenticate("GET", "/v1/", headers, b"", KEYS.get, now)
    assert (
        authenticate("GET", "/", _basic("Z", "z"), b"", KEYS.get, now, trust_unknown_keys=True)
        == "Z"
    )


def test_sauthc1_requests_through_the_in_process_door(http):
    fake = http.fake
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for method, url, body in (
        ("GET", f"{fake.application_href}/accounts?orderBy=email+desc&limit=5", b""),
        ("POST", f"{fake.application_href}/groups", b'{"name":"Signed"}'),
    ):
        headers = sign_headers(
            method,
            url,
            fake.api_key_id,
            fake.api_key_secret,
            stamp=stamp,
            nonce=str(uuid.uuid4()),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            body=body,
        )
        response = requests.request(method, url, headers=headers, data=body or None)
        assert response.status_code in (200, 201), response.text
    stale = sign_headers(
        "GET",
        fake.application_href,
        fake.api_key_id,
        fake.api_key_secret,
        stamp="20130701T000000Z",
        nonce=V1_NONCE,
    )
    refused = requests.get(fake.application_href, headers=stale)
    assert refused.status_code == 401


def test_401_body_is_exactly_the_documented_one(http):
    response = requests.get(http.fake.application_href)
    assert response.status_code == 401
    body = response.json()
    assert body.pop("requestId")
    assert body == {
        "status": 401,
        "code": 401,
        "message": "Authentication required.",
        "developerMessage": "Authentication with a valid API Key is required.",
        "moreInfo": "http://www.stormpath.com/docs/quickstart/connect",
    }
    # Credentials are checked before routing: unknown paths are 401 too.
    assert requests.post(f"{http.base}/nowhere", json={}).status_code == 401


def _strptime_or_error(stamp: str) -> datetime | str:
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return "ValueError"


@pytest.mark.parametrize(
    "stamp",
    [
        V1_DATE,
        "20240229T235959Z",
        "20230229T000000Z",  # no 29 February that year
        "20131301T000000Z",
        "20130700T000000Z",
        "20130732T000000Z",
        "20130701T240000Z",
        "20130701T006000Z",
        "20130701T000060Z",
        "00000101T000000Z",
        "20130701t000000z",  # strptime ignores case
        "2013071T1500Z",  # and takes unpadded fields
        "\u0662\u0660\u0661\u0663\u0660\u0667\u0660\u0661T000000Z",  # non-ASCII digits
        "20130701T000000Z ",
        " 20130701T000000Z",
        "20130701T000000",
        "garbage",
        "",
    ],
)
def test_date_parsing_accepts_exactly_what_strptime_accepts(stamp):
    try:
        parsed: datetime | str = parse_date(stamp)
    except ValueError:
        parsed = "ValueError"
    assert parsed == _strptime_or_error(stamp)


@pytest.mark.parametrize("stamp", ["20130701T250000Z", "20130701T000000", "2013-07-01T00:00:00Z"])
def test_malformed_dates_are_refused_as_bad_dates(stamp):
    url = "https://api.stormpath.com/v1/"
    headers = sign_headers("GET", url, "MyId", "Shush!", stamp=stamp, nonce=V1_NONCE)
    with pytest.raises(AuthenticationFailed) as refused:
        authenticate("GET", "/v1/", headers, b"", KEYS.get, V1_NOW)
    assert refused.value.reason == "bad X-Stormpath-Date"
