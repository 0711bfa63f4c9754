"""SAuthc1 and Basic signing, properties parsing, and the credential lookup order."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from requests.structures import CaseInsensitiveDict

from stormpath.auth import (
    ApiKey,
    BasicSigner,
    Sauthc1Signer,
    find_api_key,
    load_api_key_file,
    make_signer,
    parse_properties,
)
from stormpath.client import Client
from stormpath.error import MissingCredentialsError

NONCE_A = "a43a9d25-ab06-421e-8605-33fd1e760825"
NONCE_B = "3412d026-624e-4778-b02d-f9906f40fc4f"


def _signature(headers: dict[str, str]) -> str:
    return headers["Authorization"].rsplit("sauthc1Signature=", 1)[1]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://api.stormpath.com/v1/",
            "990a95aabbcbeb53e48fb721f73b75bd3ae025a2e86ad359d08558e1bbb9411c",
        ),
        (
            "https://api.stormpath.com/v1/directories?orderBy=name+asc",
            "fc04c5187cc017bbdf9c0bb743a52a9487ccb91c0996267988ceae3f10314176",
        ),
    ],
)
def test_sauthc1_vectors_with_host_and_date_only(url: str, expected: str) -> None:
    headers: dict[str, str] = {}
    Sauthc1Signer(ApiKey("MyId", "Shush!")).sign(
        "GET", url, headers, None, now=datetime(2013, 7, 1, tzinfo=timezone.utc), nonce=NONCE_A
    )
    assert headers["Host"] == "api.stormpath.com"
    assert headers["X-Stormpath-Date"] == "20130701T000000Z"
    assert headers["Authorization"].startswith(
        f"SAuthc1 sauthc1Id=MyId/20130701/{NONCE_A}/sauthc1_request, "
        "sauthc1SignedHeaders=host;x-stormpath-date, sauthc1Signature="
    )
    assert _signature(headers) == expected


def test_sauthc1_vector_signing_every_header() -> None:
    headers = {
        "Accept": "application/json",
        "Accept-Encoding": "gzip, deflate, compress",
        "Content-Type": "application/json",
        "User-Agent": "Stormpath-PythonSDK/1.0.0.beta",
    }
    Sauthc1Signer(ApiKey("stormpath_apiKey_id", "stormpath_apiKey_secret")).sign(
        "GET",
        "https://api.stormpath.com/v1/tenants/current",
        headers,
        None,
        now=datetime(2014, 2, 14, 14, 13, 37, tzinfo=timezone.utc),
        nonce=NONCE_B,
    )
    assert (
        "sauthc1SignedHeaders=accept;accept-encoding;content-type;host;user-agent;"
        in (headers["Authorization"])
    )
    assert _signature(headers) == (
        "203e26a39bec66b145bce797c0672104e0c8d5a20847686841fa1e17b56875fb"
    )


def test_sauthc1_skips_content_length_and_connection_and_signs_the_body() -> None:
    signer = Sauthc1Signer(ApiKey("id", "secret"))
    moment = datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    first = {"Content-Length": "2", "Connection": "keep-alive"}
    signer.sign("POST", "http://127.0.0.1:8080/v1/x", first, b"{}", now=moment, nonce="n")
    assert first["Host"] == "127.0.0.1:8080"
    assert "sauthc1SignedHeaders=host;x-stormpath-date," in first["Authorization"]
    second: dict[str, str] = {}
    signer.sign("POST", "http://127.0.0.1:8080/v1/x", second, b"[]", now=moment, nonce="n")
    assert _signature(first) != _signature(second)


def test_basic_signer_and_scheme_choice() -> None:
    headers: dict[str, str] = {}
    BasicSigner(ApiKey("id", "s3cr:et")).sign("GET", "https://x/v1", headers, None)
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"id:s3cr:et").decode()
    assert isinstance(make_signer(ApiKey("a", "b"), "BASIC"), BasicSigner)
    assert isinstance(make_signer(ApiKey("a", "b"), "sauthc1"), Sauthc1Signer)
    with pytest.raises(ValueError, match="Unknown authentication scheme"):
        make_signer(ApiKey("a", "b"), "digest")


def test_api_key_repr_hides_the_secret() -> None:
    assert "topsecret" not in repr(ApiKey("kid", "topsecret"))


def test_parse_properties() -> None:
    text = (
        "# a comment\n! another\n\n  apiKey.id  =  ABC \napiKey.secret=x=y=z\nno separator line\n"
    )
    assert parse_properties(text) == {"apiKey.id": "ABC", "apiKey.secret": "x=y=z"}


def _write_key_file(path: Path, key_id: str, secret: str) -> Path:
    path.write_text(f"apiKey.id = {key_id}\napiKey.secret = {secret}\n", encoding="utf-8")
    return path


def test_load_api_key_file_errors(tmp_path: Path) -> None:
    with pytest.raises(MissingCredentialsError, match="Could not read"):
        load_api_key_file(tmp_path / "missing.properties")
    partial = tmp_path / "partial.properties"
    partial.write_text("apiKey.id = only\n", encoding="utf-8")
    with pytest.raises(MissingCredentialsError, match="apiKey.secret"):
        load_api_key_file(partial)


def test_lookup_order(tmp_path: Path) -> None:
    file_key = _write_key_file(tmp_path / "file.properties", "FILE", "fs")
    env_file = _write_key_file(tmp_path / "env.properties", "ENVFILE", "es")
    home = _write_key_file(tmp_path / "home.properties", "HOME", "hs")
    env = {
        "STORMPATH_API_KEY_FILE": str(env_file),
        "STORMPATH_API_KEY_ID": "ENV1",
        "STORMPATH_API_KEY_SECRET": "e1",
        "STORMPATH_CLIENT_APIKEY_ID": "ENV2",
        "STORMPATH_CLIENT_APIKEY_SECRET": "e2",
    }

    def lookup(**kwargs: object) -> str:
        return find_api_key(environ=env, home_file=home, **kwargs).id  # type: ignore[arg-type]

    assert lookup(id="ARG", secret="as", api_key_file_location=file_key) == "ARG"
    assert lookup(api_key_file_location=file_key) == "FILE"
    assert lookup() == "ENVFILE"
    del env["STORMPATH_API_KEY_FILE"]
    assert lookup() == "ENV1"
    del env["STORMPATH_API_KEY_ID"]
    assert lookup() == "ENV2"
    del env["STORMPATH_CLIENT_APIKEY_ID"]
    assert lookup() == "HOME"
    assert find_api_key(environ=env, home_file=home).secret == "hs"


def test_missing_credentials_names_all_four_places(tmp_path: Path) -> None:
    with pytest.raises(MissingCredentialsError) as info:
        find_api_key(environ={}, home_file=tmp_path / "nope.properties")
    message = str(info.value)
    for place in (
        "id/secret",
        "api_key_file_location",
        "STORMPATH_API_KEY_FILE",
        "STORMPATH_API_KEY_ID",
        "STORMPATH_CLIENT_APIKEY_ID",
        str(tmp_path / "nope.properties"),
    ):
        assert place in message


def test_half_a_key_is_an_error() -> None:
    with pytest.raises(MissingCredentialsError, match="Both"):
        find_api_key(id="only", environ={})


def test_client_accepts_the_old_sdk_spellings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("STORMPATH_API_KEY_FILE", "STORMPATH_API_KEY_ID", "STORMPATH_CLIENT_APIKEY_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Client(api_key_id="a", api_key_secret="b").api_key == ApiKey("a", "b")
    assert Client(api_key={"id": "c", "secret": "d"}).api_key == ApiKey("c", "d")
    assert Client(api_key={"api_key_id": "e", "api_key_secret": "f"}).api_key == ApiKey("e", "f")
    key_file = _write_key_file(tmp_path / "k.properties", "G", "h")
    assert Client(api_key_file_location=str(key_file)).api_key == ApiKey("G", "h")
    assert Client(api_key_file=key_file).api_key == ApiKey("G", "h")
    with pytest.raises(MissingCredentialsError):
        Client()


def test_one_signer_across_days_matches_fresh_signers() -> None:
    # The signer remembers the day's key: a new day must not reuse yesterday's.
    reused = Sauthc1Signer(ApiKey("id", "secret"))
    for day in (1, 2, 1):
        moment = datetime(2020, 1, day, 23, 59, 59, tzinfo=timezone.utc)
        url = "https://api.stormpath.com/v1/tenants/current"
        mine: dict[str, str] = {}
        fresh: dict[str, str] = {}
        reused.sign("GET", url, mine, None, now=moment, nonce="n")
        Sauthc1Signer(ApiKey("id", "secret")).sign("GET", url, fresh, None, now=moment, nonce="n")
        assert mine == fresh
        assert f"/2020010{day}/n/" in mine["Authorization"]


def test_resigning_ignores_the_previous_authorization() -> None:
    signer = Sauthc1Signer(ApiKey("id", "secret"))
    moment = datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    url = "https://api.stormpath.com/v1/x"
    first: dict[str, str] = {"Accept": "application/json"}
    signer.sign("GET", url, first, None, now=moment, nonce="n")
    again = dict(first)
    signer.sign("GET", url, again, None, now=moment, nonce="n")
    assert again == first
    assert "authorization" not in first["Authorization"].split("sauthc1SignedHeaders=")[1]


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://api.stormpath.com/v1", "api.stormpath.com"),
        ("https://API.Stormpath.com:443/v1", "api.stormpath.com"),
        ("http://localhost:80/v1", "localhost"),
        ("https://localhost:80/v1", "localhost:80"),
        ("http://127.0.0.1:8080/v1", "127.0.0.1:8080"),
        ("http://[::1]:8080/v1", "[::1]:8080"),
        ("https://[::1]/v1", "[::1]"),
    ],
)
def test_host_header_drops_default_ports_and_brackets_ipv6(url: str, host: str) -> None:
    headers: dict[str, str] = {}
    Sauthc1Signer(ApiKey("id", "secret")).sign("GET", url, headers, None)
    assert headers["Host"] == host


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2013, 7, 1, tzinfo=timezone.utc),
        datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc),
        datetime(2026, 11, 22, 9, 5, 7, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_date_header_is_the_utc_moment_in_basic_iso_form(moment: datetime) -> None:
    headers: dict[str, str] = {}
    Sauthc1Signer(ApiKey("id", "secret")).sign(
        "GET", "https://x.test/v1", headers, None, now=moment
    )
    expected = moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    assert headers["X-Stormpath-Date"] == expected
    assert f"/{expected[:8]}/" in headers["Authorization"]


def test_nonces_are_fresh_version_4_uuids() -> None:
    signer = Sauthc1Signer(ApiKey("id", "secret"))
    nonces = set()
    for _ in range(500):
        headers: dict[str, str] = {}
        signer.sign("GET", "https://x.test/v1", headers, None)
        nonce = headers["Authorization"].split("/")[2]
        parsed = uuid.UUID(nonce)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, nonce)
        nonces.add(nonce)
    assert len(nonces) == 500


def test_signing_requests_header_dict_matches_a_plain_dict() -> None:
    names = {"Accept": "application/json", "X-Custom": "v", "Content-Length": "2"}
    moment = datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    plain: dict[str, str] = dict(names)
    insensitive: CaseInsensitiveDict[str] = CaseInsensitiveDict(names)
    for headers in (plain, insensitive):
        Sauthc1Signer(ApiKey("id", "secret")).sign(
            "POST", "https://x.test/v1/a", headers, b"{}", now=moment, nonce="n"
        )
    assert dict(insensitive) == plain
    assert "accept;host;x-custom;x-stormpath-date," in plain["Authorization"]
