"""Table-driven bad input: every write endpoint answers a Stormpath 4xx body, never a 5xx."""

from __future__ import annotations

import json

import pytest

# Each target names the URL of a write endpoint relative to a small fixture world.
TARGETS = [
    "applications",
    "directories",
    "app_accounts",
    "dir_accounts",
    "account",
    "groups",
    "group_memberships",
    "account_store_mappings",
    "login_attempts",
    "password_reset_tokens",
    "verification_emails",
    "custom_data",
    "password_strength",
    "account_creation_policy",
]

BAD_BODIES = [
    [],
    "string",
    17,
    3.5,
    True,
    {"": ""},
    {"name": None, "email": None, "password": None},
    {"email": {"nested": 1}},
    {"email": ["a@example.com"]},
    {"password": 12345678},
    {"type": "basic"},
    {"type": "basic", "value": 5},
    {"type": "basic", "value": "!!!not base64!!!"},
    {"type": "basic", "value": "bm9jb2xvbg=="},
    {"type": "digest", "value": "dTpw"},
    {"application": "not-a-link", "accountStore": 3},
    {"application": {"href": 7}, "accountStore": {"href": None}},
    {"account": {"href": "https://elsewhere.example/v1/accounts/x"}, "group": {}},
    {"listIndex": "first", "isDefaultAccountStore": "yes"},
    {"minLength": -1, "maxLength": "many"},
    {"verificationEmailStatus": "MAYBE"},
    {"login": None},
    {"login": 42, "accountStore": {"href": 1}},
    {"status": 1, "givenName": ["x"]},
    {"x" * 300: 1},
    {"bad key!": 1},
    {"href": "https://api.stormpath.com/v1/accounts/other"},
]


def _target_url(api, target: str) -> str:
    if target in ("applications", "directories"):
        return f"/{target}"
    if target == "app_accounts":
        return f"{api.app_href}/accounts"
    if target == "dir_accounts":
        return f"{api.dir_href}/accounts"
    if target == "groups":
        return f"{api.dir_href}/groups"
    if target == "group_memberships":
        return "/groupMemberships"
    if target == "account_store_mappings":
        return "/accountStoreMappings"
    if target == "login_attempts":
        return f"{api.app_href}/loginAttempts"
    if target == "password_reset_tokens":
        return f"{api.app_href}/passwordResetTokens"
    if target == "verification_emails":
        return f"{api.app_href}/verificationEmails"
    directory = api.ok(api.dir_href)
    if target == "password_strength":
        return f"{directory['passwordPolicy']['href']}/strength"
    if target == "account_creation_policy":
        return directory["accountCreationPolicy"]["href"]
    account = api.new_account()
    return account["href"] if target == "account" else account["customData"]["href"]


@pytest.mark.parametrize("target", TARGETS)
def test_bad_bodies_get_a_4xx_stormpath_error(api, target):
    url = _target_url(api, target)
    outcomes = []
    for body in BAD_BODIES:
        response = api.post(
            url, data=json.dumps(body), headers={"Content-Type": "application/json"}
        )
        if response.status_code >= 400:
            api.error(response, response.status_code)
        outcomes.append((body, response.status_code))
    # Bodies that are not JSON objects can never be valid input.
    for body, status in outcomes[:5]:
        assert 400 <= status < 500, (body, status)


# Lone surrogates: raw (invalid UTF-8 that json.loads still decodes) and as a JSON escape.
RAW_BODIES = [
    b"",
    b"{",
    b"\x00\x01\x02",
    '{"name": "\udcff"}'.encode("utf-8", "surrogatepass"),
    b'{"name": "\\udcff", "email": "\\ud800@example.com", "password": "\\udfff"}',
]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("raw", RAW_BODIES)
def test_undecodable_bodies_get_a_4xx_stormpath_error(api, target, raw):
    url = _target_url(api, target)
    response = api.post(url, data=raw, headers={"Content-Type": "application/json"})
    if response.status_code < 300:
        # Accepting such input is allowed only if what was stored can be read back.
        api.get(url)
        return
    api.error(response, response.status_code)
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    ("query", "must_fail"),
    [
        ({"offset": "-1"}, False),
        ({"offset": "abc"}, False),
        ({"limit": "0"}, False),
        ({"limit": "x"}, False),
        ({"createdAt": "[not-a-date,]"}, False),
        ({"q": "\x00"}, False),
        ({"orderBy": "nosuchattr"}, True),
        ({"orderBy": "email sideways"}, True),
        ({"expand": "nosuchlink"}, True),
        ({"expand": "groups(offset:x)"}, True),
        ({"expand": "groups(offset:0,limit:5"}, True),
    ],
)
def test_bad_query_parameters_get_400_not_500(api, query, must_fail):
    api.new_account()
    response = api.get(f"{api.app_href}/accounts", **query)
    if must_fail or response.status_code != 200:
        api.error(response, 400)
