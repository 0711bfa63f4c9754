"""Account API keys (§4 ApiKey) over both doors: CRUD with href id == key id, the application
look-up, encrypted secrets (decrypted here the way the Node SDK does) and the tenant key's
owner in the "Stormpath Administrators" directory."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

SALT = "c2FsdHktc2FsdC0xMjM0"  # base64url, as the SDK sends it


def decrypt(secret: str, password: str, salt: str, iterations: int, bits: int) -> str:
    raw = base64.b64decode(secret)
    key = hashlib.pbkdf2_hmac(
        "sha1",
        password.encode(),
        base64.urlsafe_b64decode(salt + "=" * (-len(salt) % 4)),
        iterations,
        bits // 8,
    )
    decryptor = Cipher(algorithms.AES(key), modes.CBC(raw[:16])).decryptor()
    padded = decryptor.update(raw[16:]) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return (unpadder.update(padded) + unpadder.finalize()).decode()


def encrypted(iterations: int = 1024, bits: int = 256) -> dict[str, str]:
    return {
        "encryptSecret": "true",
        "encryptionKeySize": str(bits),
        "encryptionKeyIterations": str(iterations),
        "encryptionKeySalt": SALT,
        "expand": "account",
    }


def test_api_key_lifecycle(api):
    account = api.new_account()
    key = api.created(f"{account['href']}/apiKeys", None)
    assert key["href"] == f"{api.base_url}/apiKeys/{key['id']}"
    assert re.fullmatch(r"[A-Z0-9]{25}", key["id"]), key["id"]
    assert key["status"] == "ENABLED" and key["account"] == {"href": account["href"]}
    assert key["tenant"] == {"href": api.tenant_href}
    assert api.ok(key["href"])["secret"] == key["secret"]
    listed = api.ok(f"{account['href']}/apiKeys")
    assert [k["id"] for k in listed["items"]] == [key["id"]]
    named = api.updated(key["href"], {"name": "ci", "description": "for CI", "status": "disabled"})
    assert (named["name"], named["status"]) == ("ci", "DISABLED")
    assert api.ok(f"{account['href']}/apiKeys", status="DISABLED")["size"] == 1
    api.error(api.post(key["href"], {"secret": "mine", "colour": "x"}), 400, 2015)
    api.deleted(key["href"])
    api.error(api.get(key["href"]), 404, 404)
    second = api.created(f"{account['href']}/apiKeys", {"name": "two"})
    api.deleted(account["href"])
    api.error(api.get(second["href"]), 404)


@pytest.mark.parametrize(("iterations", "bits"), [(1024, 256), (10, 128)])
def test_secrets_are_encrypted_on_request(api, iterations, bits):
    account = api.new_account()
    key = api.created(f"{account['href']}/apiKeys", None, params=encrypted(iterations, bits))
    assert key["account"]["email"] == account["email"]
    plain = api.ok(key["href"])["secret"]
    assert key["secret"] != plain
    assert decrypt(key["secret"], api.secret, SALT, iterations, bits) == plain
    page = api.ok(f"{account['href']}/apiKeys", **encrypted(iterations, bits))
    assert decrypt(page["items"][0]["secret"], api.secret, SALT, iterations, bits) == plain
    bad = dict(encrypted(), encryptionKeySize="100")
    api.error(api.get(key["href"], **bad), 400, 2002)


def test_application_finds_keys_of_its_accounts_only(api):
    account = api.new_account()
    key = api.created(f"{account['href']}/apiKeys", None)
    found = api.ok(f"{api.app_href}/apiKeys", id=key["id"], **encrypted())
    assert found["size"] == 1
    assert decrypt(found["items"][0]["secret"], api.secret, SALT, 1024, 256) == key["secret"]
    assert found["items"][0]["account"]["href"] == account["href"]
    assert api.ok(f"{api.app_href}/apiKeys", id="NOSUCHKEY")["size"] == 0
    other = api.new_application(params={"createDirectory": "true"})
    assert api.ok(f"{other['href']}/apiKeys", id=key["id"])["size"] == 0


def test_tenant_key_belongs_to_the_stormpath_administrators(api):
    key = api.ok(f"{api.base_url}/apiKeys/{api.key_id}")
    assert key["secret"] == api.secret
    owner = api.ok(key["account"]["href"])
    directory = api.ok(owner["directory"]["href"])
    assert directory["name"] == "Stormpath Administrators"
    api.fake.add_api_key("ANOTHERKEY", "another-secret")
    assert api.ok(f"{api.base_url}/apiKeys/ANOTHERKEY")["account"] == key["account"]
    app_names = [app["name"] for app in api.collection(f"{api.tenant_href}/applications")]
    assert app_names == ["My Application"]
