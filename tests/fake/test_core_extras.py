"""Social login through fake providers, imported (MCF) password hashes, email templates and
the account schema."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator

import bcrypt
import pytest
import requests
from helpers_core import PASSWORD, Http, started_http, unique


@pytest.fixture
def http() -> Iterator[Http]:
    yield from started_http()


# --------------------------------------------------------------------------- social


@pytest.fixture
def google(http: Http) -> str:
    directory = http.directory(
        provider={"providerId": "google", "clientId": "cid", "clientSecret": "cs"}
    )
    http.mapping(http.fake.application_href, directory["href"], listIndex=5)
    http.fake.add_social_identity(
        "google", "code-1", email="sam@example.com", given_name="Sam", surname="Doe"
    )
    return directory["href"]


def _social(http: Http, body: dict) -> requests.Response:
    return http.post(f"{http.fake.application_href}/accounts", {"providerData": body})


def test_social_login_creates_then_finds_the_account(http, google):
    first = _social(http, {"providerId": "google", "code": "code-1"})
    assert first.status_code == 201
    account = first.json()
    assert (account["email"], account["givenName"], account["surname"]) == (
        "sam@example.com",
        "Sam",
        "Doe",
    )
    assert account["emailVerificationStatus"] == "VERIFIED"
    assert account["directory"]["href"] == google
    provider_data = http.ok(account["providerData"]["href"])
    assert provider_data["providerId"] == "google" and provider_data["code"] == "code-1"
    http.fake.add_social_identity("google", "token-2", email="sam@example.com")
    again = _social(http, {"providerId": "GOOGLE", "accessToken": "token-2"})
    assert again.status_code == 200 and again.json()["href"] == account["href"]
    assert http.ok(f"{google}/provider")["clientId"] == "cid"
    # Accounts of a social directory cannot be created directly nor log in with a password.
    direct = http.post(f"{google}/accounts", {"email": "x@example.com", "password": PASSWORD})
    http.error(direct, 400, 6100)
    http.error(http.login("sam@example.com", "anything"), 400, 7100)


def test_social_login_errors(http, google):
    http.error(_social(http, {"providerId": "google", "code": "unknown"}), 400, 7200)
    http.error(_social(http, {"providerId": "facebook", "accessToken": "x"}), 400, 7200)
    http.error(_social(http, {"code": "code-1"}), 400, 2000)
    http.error(_social(http, {"providerId": "google"}), 400, 2000)
    http.fake.add_social_identity("google", "anon", email=None)
    http.error(_social(http, {"providerId": "google", "code": "anon"}), 400, 7201)


def test_social_identities_survive_reset(http, google):
    http.fake.reset()
    directory = http.directory(provider={"providerId": "google"})
    http.mapping(http.fake.application_href, directory["href"])
    assert _social(http, {"providerId": "google", "code": "code-1"}).status_code == 201


# ------------------------------------------------------------------------------ MCF


def _md5_mcf(password: str, salt: bytes, iterations: int = 1) -> str:
    digest = hashlib.md5(salt + password.encode()).digest()
    for _ in range(iterations - 1):
        digest = hashlib.md5(digest).digest()
    encoded = base64.b64encode(digest).decode()
    return f"$stormpath2$MD5${iterations}${base64.b64encode(salt).decode()}${encoded}"


@pytest.mark.parametrize(
    "hashed",
    [
        _md5_mcf("Imported1", b"salty"),
        _md5_mcf("Imported1", b"salty", iterations=3),
        bcrypt.hashpw(b"Imported1", bcrypt.gensalt(4)).decode(),
    ],
    # Fixed ids: a fresh bcrypt salt in the id would differ between xdist workers.
    ids=["md5-1", "md5-3", "bcrypt"],
)
def test_imported_hashes_log_in_and_are_rehashed(http, hashed):
    account = http.create(
        f"{http.fake.directory_href}/accounts",
        {"email": f"{unique()}@example.com", "password": hashed},
        passwordFormat="mcf",
    )
    stored = http.fake.store.accounts[account["href"].rsplit("/", 1)[1]]
    http.error(http.login(account["email"], "Wrong1pass"), 400, 7100)
    assert http.login(account["email"], "Imported1").status_code == 200
    assert stored.password_hash is not None and stored.password_hash.startswith("fast$")
    assert http.login(account["email"], "Imported1").status_code == 200


def test_bad_mcf_values(http):
    url = f"{http.fake.directory_href}/accounts"
    for password in ("plainText1", "$stormpath2$MD4$1$c2FsdA==$aGFzaA==", "$stormpath2$MD5$0$a$b"):
        body = {"email": f"{unique()}@example.com", "password": password}
        http.error(http.post(url, body, passwordFormat="mcf"), 400, 2002)
    body = {"email": f"{unique()}@example.com", "password": PASSWORD}
    http.error(http.post(url, body, passwordFormat="sha1"), 400, 2003)


# ------------------------------------------------------------------------ templates


def test_reset_template_link_base_url_drives_the_outbox(http):
    policy = http.ok(http.fake.directory_href)["passwordPolicy"]["href"]
    templates = http.ok(f"{policy}/resetEmailTemplates")
    assert templates["size"] == 1
    template = templates["items"][0]
    assert template["defaultModel"]["linkBaseUrl"] == "http://localhost:5000/forgot/change"
    assert template["mimeType"] == "text/plain"
    updated = http.update(
        template["href"],
        {
            "subject": "Reset it",
            "textBody": "Hi ${account.givenName}, go to ${url}",
            "defaultModel": {"linkBaseUrl": "https://app.test/reset?lang=en"},
        },
    )
    assert updated["defaultModel"]["linkBaseUrl"] == "https://app.test/reset?lang=en"
    account = http.account(givenName="Ada")
    http.post(f"{http.fake.application_href}/passwordResetTokens", {"email": account["email"]})
    (mail,) = http.fake.outbox
    assert mail.subject == "Reset it"
    assert mail.link == f"https://app.test/reset?lang=en&sptoken={mail.token}"
    assert mail.body == f"Hi Ada, go to {mail.link}"
    bad = {"defaultModel": {"linkBaseUrl": "ftp://x"}}
    http.error(http.post(template["href"], bad), 400, 2002)
    http.error(http.post(template["href"], {"mimeType": "image/png"}), 400, 2003)
    http.error(http.get(f"{http.base}/emailTemplates/missing"), 404)


def test_creation_policy_lists_its_templates(http):
    policy = http.ok(http.ok(http.fake.directory_href)["accountCreationPolicy"]["href"])
    for name in (
        "verificationEmailTemplates",
        "verificationSuccessEmailTemplates",
        "welcomeEmailTemplates",
    ):
        assert http.ok(policy[name]["href"])["size"] == 1, name


# ---------------------------------------------------------------------- account schema


def test_account_schema_required_fields(http):
    directory = http.ok(http.fake.directory_href)
    schema = http.ok(directory["accountSchema"]["href"])
    fields = http.ok(schema["fields"]["href"])["items"]
    assert {f["name"]: f["required"] for f in fields} == {"givenName": False, "surname": False}
    surname = next(f for f in fields if f["name"] == "surname")
    http.update(surname["href"], {"required": True})
    error = http.error(
        http.post(
            f"{directory['href']}/accounts",
            {"email": f"{unique()}@example.com", "password": PASSWORD, "surname": " "},
        ),
        400,
        2000,
    )
    assert error["message"] == "Account surname is required; it cannot be null, empty, or blank."
    account = http.account(surname="Present")
    http.error(http.post(account["href"], {"surname": None}), 400, 2000)
    assert http.update(account["href"], {"givenName": "x"})["surname"] == "Present"
