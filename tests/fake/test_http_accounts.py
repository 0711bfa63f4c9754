"""Accounts (§4 Account, §5.1, §2): create, update, delete, search, order, paging, expansion."""

from __future__ import annotations

import base64
import hashlib

import bcrypt
import pytest

ACCOUNT_LINKS = (
    "customData",
    "providerData",
    "groups",
    "groupMemberships",
    "applications",
    "apiKeys",
)


def test_create_through_application_lands_in_default_directory(api):
    email = api.unique_email("Mixed.Case")
    response = api.post(
        f"{api.app_href}/accounts",
        {"email": email, "password": api.PASSWORD, "givenName": "Ada", "surname": "Lovelace"},
    )
    assert response.status_code == 201
    account = response.json()
    assert response.headers["Location"] == account["href"]
    assert account["href"].startswith(api.base_url + "/accounts/")
    assert account["email"] == email
    assert account["username"] == email
    assert account["fullName"] == "Ada Lovelace"
    assert account["status"] == "ENABLED"
    assert account["directory"] == {"href": api.dir_href}
    assert account["tenant"] == {"href": api.tenant_href}
    assert account["emailVerificationToken"] is None
    assert "password" not in account
    for link in ACCOUNT_LINKS:
        assert account[link] == {"href": f"{account['href']}/{link}"}, link


def test_full_name_joins_non_empty_parts(api):
    account = api.new_account(givenName="Ada", middleName="King", surname="Lovelace")
    assert account["fullName"] == "Ada King Lovelace"
    updated = api.updated(account["href"], {"middleName": None})
    assert updated["fullName"] == "Ada Lovelace"
    assert updated["middleName"] is None


def test_nulls_for_unset_optionals_are_treated_as_absent(api):
    # What Python and Flask send on registration.
    email = api.unique_email()
    body = {
        "email": email,
        "password": api.PASSWORD,
        "givenName": "G",
        "surname": "S",
        "username": None,
        "middleName": None,
        "customData": None,
        "status": "ENABLED",
    }
    account = api.created(f"{api.app_href}/accounts", body)
    assert account["username"] == email
    assert account["middleName"] is None


def test_explicit_username_and_status(api):
    account = api.new_account(username="explicit-user", status="DISABLED")
    assert account["username"] == "explicit-user"
    assert account["status"] == "DISABLED"


@pytest.mark.parametrize("missing", ["email", "password"])
def test_required_fields_are_2000(api, missing):
    body = {"email": api.unique_email(), "password": api.PASSWORD, "givenName": "G", "surname": "S"}
    del body[missing]
    api.error(api.post(f"{api.app_href}/accounts", body), 400, 2000)
    body[missing] = None
    api.error(api.post(f"{api.app_href}/accounts", body), 400, 2000)


@pytest.mark.parametrize("email", ["not-an-email", "a@", "@b.example", "a b@c.example"])
def test_email_format_is_2006(api, email):
    body = {"email": email, "password": api.PASSWORD, "givenName": "G", "surname": "S"}
    api.error(api.post(f"{api.app_href}/accounts", body), 400, 2006)


def test_duplicate_email_and_username_in_a_directory_are_409_2001(api):
    account = api.new_account(username="taken-name")
    body = {"email": account["email"], "password": api.PASSWORD, "givenName": "G", "surname": "S"}
    api.error(api.post(f"{api.app_href}/accounts", body), 409, 2001)
    body = {"email": api.unique_email(), "password": api.PASSWORD, "username": "taken-name"}
    api.error(api.post(f"{api.app_href}/accounts", body), 409, 2001)
    other = api.new_account()
    api.error(api.post(other["href"], {"email": account["email"]}), 409, 2001)


def test_validation_order(api):
    # Required fields, then email format, then uniqueness, then password strength (§5.1).
    taken = api.new_account()
    url = f"{api.app_href}/accounts"
    api.error(api.post(url, {"password": "weak"}), 400, 2000)
    api.error(api.post(url, {"email": "not-an-email", "password": "weak"}), 400, 2006)
    api.error(api.post(url, {"email": taken["email"], "password": "weak"}), 409, 2001)


def test_same_email_in_two_directories_is_allowed(api):
    account = api.new_account()
    other = api.new_account(api.new_directory()["href"], email=account["email"])
    assert other["email"] == account["email"]


def test_update_is_partial_and_returns_the_full_account(api):
    account = api.new_account(givenName="Before", surname="Same")
    api.fake.clock.advance(2)
    updated = api.updated(account["href"], {"givenName": "After"})
    assert updated["givenName"] == "After"
    assert updated["surname"] == "Same"
    assert updated["fullName"] == "After Same"
    assert updated["passwordModifiedAt"] == account["passwordModifiedAt"]
    assert api.ok(account["href"]) == updated


def test_password_change_moves_password_modified_at(api):
    account = api.new_account()
    api.fake.clock.advance(3)
    updated = api.updated(account["href"], {"password": "AnotherPass1"})
    assert updated["passwordModifiedAt"] > account["passwordModifiedAt"]
    assert api.login(account["email"], "AnotherPass1").status_code == 200
    api.error(api.login(account["email"], api.PASSWORD), 400, 7100)


def test_email_verification_status_is_writable(api):
    account = api.new_account()
    updated = api.updated(account["href"], {"emailVerificationStatus": "verified"})
    assert updated["emailVerificationStatus"] == "VERIFIED"


def test_delete_account_drops_memberships(api):
    account = api.new_account()
    group = api.new_group()
    membership = api.add_member(account["href"], group["href"])
    api.deleted(account["href"])
    api.error(api.get(account["href"]), 404, 404)
    api.error(api.get(membership["href"]), 404, 404)
    assert api.ok(f"{group['href']}/accounts")["size"] == 0


def test_deleting_twice_is_404(api):
    account = api.new_account()
    api.deleted(account["href"])
    api.error(api.delete(account["href"]), 404, 404)


def test_create_in_directory_directly(api):
    directory = api.new_directory()
    account = api.new_account(directory["href"])
    assert account["directory"] == {"href": directory["href"]}
    listed = api.ok(f"{directory['href']}/accounts")
    assert [item["href"] for item in listed["items"]] == [account["href"]]


def test_tenant_accounts_lists_every_directory(api):
    first = api.new_account()
    second = api.new_account(api.new_directory()["href"])
    hrefs = {item["href"] for item in api.collection(f"{api.tenant_href}/accounts")}
    assert {first["href"], second["href"]} <= hrefs


# --- collections: paging, search, ordering -------------------------------------------------


@pytest.fixture
def people(api):
    """A directory with five accounts of known names, created in this order."""
    directory = api.new_directory()
    names = [("Carol", "Zed"), ("Alice", "Young"), ("Bob", "Xavier"), ("Dave", "Wu"), ("Eve", "Vo")]
    accounts = [
        api.new_account(
            directory["href"],
            givenName=given,
            surname=sur,
            email=f"{given.lower()}.{api.unique()}@people.example",
            username=f"{given.lower()}-user",
        )
        for given, sur in names
    ]
    return directory["href"], accounts


def test_collection_shape_and_default_paging(api, people):
    dir_href, accounts = people
    page = api.ok(f"{dir_href}/accounts")
    assert page["href"] == f"{dir_href}/accounts"
    assert (page["offset"], page["limit"], page["size"]) == (0, 25, 5)
    # Default order is creation order; items are full representations.
    assert [item["href"] for item in page["items"]] == [a["href"] for a in accounts]
    assert page["items"][0] == api.ok(accounts[0]["href"])


def test_paging_size_is_the_total(api, people):
    dir_href, accounts = people
    page = api.ok(f"{dir_href}/accounts", offset=1, limit=2)
    assert (page["offset"], page["limit"], page["size"]) == (1, 2, 5)
    assert [item["href"] for item in page["items"]] == [a["href"] for a in accounts[1:3]]
    past = api.ok(f"{dir_href}/accounts", offset=10)
    assert (past["size"], past["items"]) == (5, [])


def test_limit_is_clamped_to_100(api, people):
    dir_href, _ = people
    # The effective limit is echoed (§2).
    assert api.ok(f"{dir_href}/accounts", limit=500)["limit"] == 100


def test_paging_through_many_accounts(api):
    directory = api.new_directory()
    created = [api.new_account(directory["href"])["href"] for _ in range(30)]
    page_hrefs = []
    offset = 0
    while True:
        page = api.ok(f"{directory['href']}/accounts", offset=offset, limit=7)
        assert page["size"] == 30
        page_hrefs += [item["href"] for item in page["items"]]
        offset += len(page["items"])
        if len(page["items"]) < 7:
            break
    assert page_hrefs == created


def test_order_by(api, people):
    dir_href, _ = people
    asc = api.ok(f"{dir_href}/accounts", orderBy="surname")
    assert [a["surname"] for a in asc["items"]] == ["Vo", "Wu", "Xavier", "Young", "Zed"]
    desc = api.ok(f"{dir_href}/accounts", orderBy="givenName desc")
    assert [a["givenName"] for a in desc["items"]] == ["Eve", "Dave", "Carol", "Bob", "Alice"]
    explicit = api.ok(f"{dir_href}/accounts", orderBy="surname asc,givenName")
    assert explicit["items"][0]["surname"] == "Vo"


def test_order_by_with_percent_encoded_space(api, people):
    dir_href, _ = people
    # Sent exactly as Node and Java encode it, not as requests would (+).
    page = api.ok(f"{dir_href}/accounts?orderBy=surname%20desc")
    assert [a["surname"] for a in page["items"]] == ["Zed", "Young", "Xavier", "Wu", "Vo"]


def test_order_by_unknown_attribute_is_2104(api, people):
    dir_href, _ = people
    api.error(api.get(f"{dir_href}/accounts", orderBy="shoeSize"), 400, 2104)


def test_filter_search_q_is_case_insensitive_contains(api, people):
    dir_href, accounts = people
    found = api.ok(f"{dir_href}/accounts", q="AVIE")
    assert [a["href"] for a in found["items"]] == [accounts[2]["href"]]
    assert found["size"] == 1
    by_email = api.ok(f"{dir_href}/accounts", q="people.example")
    assert by_email["size"] == 5


def test_attribute_search_exact_and_wildcards(api, people):
    dir_href, accounts = people
    exact = api.ok(f"{dir_href}/accounts", givenName="ALICE")
    assert [a["href"] for a in exact["items"]] == [accounts[1]["href"]]
    assert api.ok(f"{dir_href}/accounts", givenName="ali")["size"] == 0
    starts = api.ok(f"{dir_href}/accounts", surname="y*")
    assert [a["href"] for a in starts["items"]] == [accounts[1]["href"]]
    ends = api.ok(f"{dir_href}/accounts", surname="*u")
    assert [a["href"] for a in ends["items"]] == [accounts[3]["href"]]
    contains = api.ok(f"{dir_href}/accounts", surname="*av*")
    assert [a["href"] for a in contains["items"]] == [accounts[2]["href"]]
    both = api.ok(f"{dir_href}/accounts", givenName="Bob", surname="Xavier")
    assert both["size"] == 1
    none = api.ok(f"{dir_href}/accounts", givenName="Bob", surname="Zed")
    assert none["size"] == 0


def test_search_by_email_username_and_status(api, people):
    dir_href, accounts = people
    by_email = api.ok(f"{dir_href}/accounts", email=accounts[0]["email"].upper())
    assert [a["href"] for a in by_email["items"]] == [accounts[0]["href"]]
    by_username = api.ok(f"{dir_href}/accounts", username="dave-user")
    assert [a["href"] for a in by_username["items"]] == [accounts[3]["href"]]
    api.updated(accounts[4]["href"], {"status": "DISABLED"})
    disabled = api.ok(f"{dir_href}/accounts", status="disabled")
    assert [a["href"] for a in disabled["items"]] == [accounts[4]["href"]]


def test_search_combines_with_order_and_paging(api, people):
    dir_href, _ = people
    page = api.ok(f"{dir_href}/accounts", q="people.example", orderBy="surname desc", limit=2)
    assert page["size"] == 5
    assert [a["surname"] for a in page["items"]] == ["Zed", "Young"]


def test_search_by_created_at_range(api):
    directory = api.new_directory()
    early = api.new_account(directory["href"])
    api.fake.clock.advance(3600)
    late = api.new_account(directory["href"])
    window = f"[{late['createdAt']},]"
    found = api.ok(f"{directory['href']}/accounts", createdAt=window)
    assert [a["href"] for a in found["items"]] == [late["href"]]
    before = f"[,{late['createdAt']})"
    found = api.ok(f"{directory['href']}/accounts", createdAt=before)
    assert [a["href"] for a in found["items"]] == [early["href"]]


def test_search_by_created_at_precision_shorthand(api):
    directory = api.new_directory()
    account = api.new_account(directory["href"])
    month = account["createdAt"][:7]
    found = api.ok(f"{directory['href']}/accounts", createdAt=month)
    assert [a["href"] for a in found["items"]] == [account["href"]]
    year = int(account["createdAt"][:4])
    assert api.ok(f"{directory['href']}/accounts", createdAt=str(year - 1))["size"] == 0


def test_nocache_parameter_is_ignored(api, people):
    # The Node SDK adds nocache=true to some reads; it is not a search attribute.
    dir_href, accounts = people
    assert api.ok(f"{dir_href}/accounts", nocache="true")["size"] == len(accounts)
    assert api.ok(accounts[0]["href"], nocache="true") == api.ok(accounts[0]["href"])


@pytest.fixture
def colored(api):
    """A directory whose accounts carry customData {color, n, nested.k} (§2 customData search)."""
    directory = api.new_directory()
    rows = [("red", 3), ("blue", 10), ("reddish", 7)]
    accounts = [
        api.new_account(directory["href"], customData={"color": c, "n": n, "nested": {"k": c}})
        for c, n in rows
    ]
    return directory["href"], [a["href"] for a in accounts]


def _hrefs(page: dict) -> list[str]:
    return [item["href"] for item in page["items"]]


@pytest.mark.parametrize("where", ["directory", "tenant"])
def test_custom_data_search_exact_wildcard_and_nested(api, colored, where):
    dir_href, (red, blue, reddish) = colored
    url = f"{dir_href}/accounts" if where == "directory" else f"{api.tenant_href}/accounts"
    assert _hrefs(api.ok(url, **{"customData.color": "red"})) == [red]
    assert _hrefs(api.ok(url, **{"customData.color": "red*"})) == [red, reddish]
    assert _hrefs(api.ok(url, **{"customData.nested.k": "blue"})) == [blue]


def test_custom_data_search_numeric_range(api, colored):
    dir_href, (_red, blue, reddish) = colored
    assert _hrefs(api.ok(f"{dir_href}/accounts", **{"customData.n": "[4,10]"})) == [blue, reddish]
    assert _hrefs(api.ok(f"{dir_href}/accounts", **{"customData.n": "(4,10)"})) == [reddish]


def test_order_by_custom_data_key(api, colored):
    dir_href, (red, blue, reddish) = colored
    page = api.ok(f"{dir_href}/accounts", orderBy="customData.n desc")
    assert _hrefs(page) == [blue, reddish, red]


# --- password import (MCF) ----------------------------------------------------------------


def _stormpath2_md5(password: str, salt: bytes) -> str:
    digest = hashlib.md5(salt + password.encode()).digest()
    salt_b64, digest_b64 = base64.b64encode(salt).decode(), base64.b64encode(digest).decode()
    return f"$stormpath2$MD5$1${salt_b64}${digest_b64}"


@pytest.mark.parametrize("scheme", ["stormpath2-md5", "bcrypt"])
def test_create_with_an_imported_mcf_hash(api, scheme):
    password = "Imported1pass"
    if scheme == "bcrypt":
        hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
    else:
        hashed = _stormpath2_md5(password, b"0123456789abcdef")
    body = {"email": api.unique_email(), "password": hashed, "givenName": "I", "surname": "M"}
    account = api.created(f"{api.app_href}/accounts", body, params={"passwordFormat": "mcf"})
    assert api.login(body["email"], password).status_code == 200
    api.error(api.login(body["email"], "Wrong1pass"), 400, 7100)
    # Re-hashed after the first login: the password keeps working.
    assert api.login(account["email"], password).status_code == 200


def test_mcf_password_that_is_not_a_hash_is_400(api):
    body = {"email": api.unique_email(), "password": "plain-text-Pass1"}
    response = api.post(f"{api.app_href}/accounts", body, params={"passwordFormat": "mcf"})
    api.error(response, 400)


# --- expansion ---------------------------------------------------------------------------


def test_account_expansion(api):
    account = api.new_account(customData={"color": "red"})
    group = api.new_group()
    api.add_member(account["href"], group["href"])
    expanded = api.ok(account["href"], expand="customData,directory,tenant,groups,groupMemberships")
    assert expanded["customData"]["color"] == "red"
    assert expanded["customData"]["href"] == account["customData"]["href"]
    assert expanded["directory"]["href"] == api.dir_href
    assert "name" in expanded["directory"]
    assert expanded["tenant"]["href"] == api.tenant_href
    assert [g["href"] for g in expanded["groups"]["items"]] == [group["href"]]
    assert expanded["groupMemberships"]["size"] == 1
    # Not-expanded links stay links.
    assert expanded["providerData"] == {"href": f"{account['href']}/providerData"}


def test_expansion_with_pagination_on_a_collection_link(api):
    account = api.new_account()
    for _ in range(3):
        api.add_member(account["href"], api.new_group()["href"])
    expanded = api.ok(account["href"], expand="groups(offset:1,limit:1)")
    assert (expanded["groups"]["offset"], expanded["groups"]["limit"]) == (1, 1)
    assert expanded["groups"]["size"] == 3
    assert len(expanded["groups"]["items"]) == 1


def test_expansion_with_only_a_limit(api):
    account = api.new_account()
    for _ in range(3):
        api.add_member(account["href"], api.new_group()["href"])
    expanded = api.ok(account["href"], expand="customData,groups(limit:2)")
    assert (expanded["groups"]["offset"], expanded["groups"]["limit"]) == (0, 2)
    assert len(expanded["groups"]["items"]) == 2
    assert expanded["customData"]["href"] == account["customData"]["href"]


def test_pagination_syntax_on_a_non_collection_is_an_error(api):
    account = api.new_account()
    api.error(api.get(account["href"], expand="directory(offset:0,limit:1)"), 400)


def test_non_expandable_link_is_2107(api):
    account = api.new_account()
    api.error(api.get(account["href"], expand="providerData"), 400, 2107)


def test_expand_applies_to_every_item_of_a_collection(api, people):
    dir_href, _ = people
    page = api.ok(f"{dir_href}/accounts", expand="directory", q="people", limit=3)
    assert len(page["items"]) == 3
    for item in page["items"]:
        assert item["directory"]["href"] == dir_href
        assert "name" in item["directory"]


def test_account_applications_collection(api):
    account = api.new_account()
    apps = api.ok(f"{account['href']}/applications")
    assert api.app_href in [a["href"] for a in apps["items"]]
