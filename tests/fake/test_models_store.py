"""Store-level behaviour: indexes, mappings, cascades, password policy, customData rules,
search parsing, clock and journal helpers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from stormpath_fake.clock import Clock, iso
from stormpath_fake.exceptions import StormpathError
from stormpath_fake.ids import IdGenerator
from stormpath_fake.journal import Call, Journal
from stormpath_fake.models import Store
from stormpath_fake.passwords import DEFAULT_STRENGTH, BcryptHasher, FastHasher, check_strength
from stormpath_fake.search import parse_range
from stormpath_fake.validation import (
    check_custom_data_key,
    check_custom_data_size,
    custom_data_changes,
)

PASSWORD = "Passw0rdStrong"


@pytest.fixture
def store() -> Store:
    s = Store(IdGenerator(deterministic=True), Clock(), FastHasher())
    s.bootstrap()
    return s


def _code(call, *args, **kwargs) -> int:
    with pytest.raises(StormpathError) as info:
        call(*args, **kwargs)
    return info.value.code


def _app(store: Store):
    return next(iter(store.applications.values()))


def _dir(store: Store):
    return next(iter(store.directories.values()))


# ----------------------------------------------------------------------------- accounts


def test_email_and_username_indexes_are_case_insensitive(store):
    directory = _dir(store)
    account = store.create_account(directory, {"email": "Mixed@Example.com"}, PASSWORD)
    assert account.username == "Mixed@Example.com"
    assert store.find_in_directory(directory, "mixed@example.COM") is account
    assert _code(store.create_account, directory, {"email": "MIXED@example.com"}, PASSWORD) == 2001
    other = {"email": "o@example.com", "username": "MIXED@EXAMPLE.COM"}
    assert _code(store.create_account, directory, other, PASSWORD) == 2001
    store.update_account(account, {"username": "neo"})
    assert store.find_in_directory(directory, "NEO") is account
    assert store.find_in_directory(directory, "mixed@example.com") is account
    store.delete_account(account)
    assert store.find_in_directory(directory, "neo") is None
    assert directory.emails == {} and directory.usernames == {}


def test_passwords_are_hashed_and_history_blocks_reuse(store):
    directory = _dir(store)
    account = store.create_account(directory, {"email": "h@example.com"}, PASSWORD)
    assert PASSWORD not in account.password_hash
    assert store.check_password(account, PASSWORD)
    store.update_policy(directory, "strength", {"preventReuse": 2})
    assert _code(store.update_account, account, {}, PASSWORD) == 2010
    store.update_account(account, {}, "Second1pass")
    assert _code(store.update_account, account, {}, PASSWORD) == 2010
    store.update_account(account, {}, "Third1pass")
    store.update_account(account, {}, PASSWORD)  # three passwords ago: allowed again
    assert store.check_password(account, PASSWORD)


def test_hashers_round_trip():
    for hasher in (FastHasher(), BcryptHasher(rounds=4)):
        hashed = hasher.hash("sécret")
        assert hasher.verify("sécret", hashed)
        assert not hasher.verify("secret", hashed)
        assert not hasher.verify("x", "not-a-hash")
    assert FastHasher().hash("same") != FastHasher().hash("same")  # salted


# ------------------------------------------------------------------------------ mappings


def test_mapping_list_stays_dense_and_shifts(store):
    app = _app(store)
    first = store.mappings[app.mappings[0]]
    dirs = [store.create_directory(f"D{i}") for i in range(3)]
    m_end = store.create_mapping(app, dirs[0])
    m_front = store.create_mapping(app, dirs[1], -5)
    m_far = store.create_mapping(app, dirs[2], 99)
    order = [store.mappings[m] for m in app.mappings]
    assert order == [m_front, first, m_end, m_far]
    assert [m.list_index for m in order] == [0, 1, 2, 3]
    store.update_mapping(m_far, list_index=1)
    assert [store.mappings[m] for m in app.mappings] == [m_front, m_far, first, m_end]
    store.delete_mapping(m_front)
    assert [store.mappings[m].list_index for m in app.mappings] == [0, 1, 2]


def test_default_flags_move_and_clear(store):
    app = _app(store)
    original = store.mappings[app.default_account_mapping]
    other = store.create_mapping(app, store.create_directory("Other"), None, True, False)
    assert app.default_account_mapping == other.id
    assert not original.is_default_account_store
    assert app.default_group_mapping == original.id
    store.update_mapping(other, is_default_account_store=False)
    assert app.default_account_mapping is None
    assert _code(store.default_store, app, "account") == 5100
    store.update_directory(_dir(store), {"status": "DISABLED"})
    assert _code(store.default_store, app, "group") == 5103


def test_mapping_errors(store):
    app = _app(store)
    directory = _dir(store)
    assert _code(store.create_mapping, app, directory) == 5104
    group = store.create_group(directory, "G")
    assert _code(store.create_mapping, app, group, None, False, True) == 5112
    mapping = store.create_mapping(app, group)
    assert _code(store.update_mapping, mapping, None, None, True) == 5112


# ------------------------------------------------------------------------------ cascades


def test_deleting_an_account_or_group_drops_memberships(store):
    directory = _dir(store)
    account = store.create_account(directory, {"email": "m@example.com"}, PASSWORD)
    groups = [store.create_group(directory, f"G{i}") for i in range(2)]
    memberships = [store.add_membership(account, g) for g in groups]
    assert _code(store.add_membership, account, groups[0]) == 2001
    store.delete_group(groups[0])
    assert memberships[0].id not in store.memberships
    assert list(account.memberships) == [groups[1].id]
    store.delete_account(account)
    assert store.memberships == {} and groups[1].memberships == {}


def test_membership_requires_the_same_directory(store):
    account = store.create_account(_dir(store), {"email": "x@example.com"}, PASSWORD)
    foreign = store.create_group(store.create_directory("Elsewhere"), "G")
    assert _code(store.add_membership, account, foreign) == 2014


def test_deleting_an_application_keeps_its_directories(store):
    app = _app(store)
    directory = _dir(store)
    store.delete_application(app)
    assert store.applications == {} and store.mappings == {}
    assert directory.id in store.directories
    assert store.find_application_by_name("My Application") is None


def test_deleting_a_directory_removes_everything_in_it(store):
    app = _app(store)
    directory = _dir(store)
    group = store.create_group(directory, "G")
    store.create_mapping(app, group)
    account = store.create_account(directory, {"email": "c@example.com"}, PASSWORD)
    store.add_membership(account, group)
    store.create_reset_token(app, "c@example.com")
    store.delete_directory(directory)
    assert store.accounts == {} and store.groups == {} and store.memberships == {}
    assert store.mappings == {} and app.mappings == [] and store.reset_tokens == {}
    assert app.default_account_mapping is None and app.default_group_mapping is None


def test_create_directory_names_are_unique_and_derived(store):
    app = store.create_application("Blog", create_directory=True)
    assert _dir_names(store)[-1] == "Blog Directory"
    store.create_directory("Shop Directory")
    store.create_application("Shop", create_directory=True)
    assert _dir_names(store)[-1] == "Shop Directory 2"
    assert _code(store.create_application, "Other", create_directory="shop directory") == 5010
    assert _code(store.create_application, "BLOG") == 2001
    assert app.default_account_mapping == app.default_group_mapping


def _dir_names(store: Store) -> list[str]:
    return [d.name for d in store.directories.values()]


# ------------------------------------------------------------------------------- login


def test_login_first_store_wins_and_errors(store):
    app = _app(store)
    first = _dir(store)
    second = store.create_directory("Second")
    store.create_mapping(app, second)
    a = store.create_account(first, {"email": "same@example.com"}, "FirstPass1")
    b = store.create_account(second, {"email": "same@example.com"}, "SecondPass1")
    assert store.login(app, "SAME@example.com", "FirstPass1") is a
    assert _code(store.login, app, "same@example.com", "SecondPass1") == 7100
    assert store.login(app, "same@example.com", "SecondPass1", second) is b
    assert _code(store.login, app, "nobody", "x") == 7104
    assert _code(store.login, app, "same@example.com", "x", store.create_directory("U")) == 5114
    store.update_account(a, {"status": "DISABLED"})
    assert _code(store.login, app, "same@example.com", "FirstPass1") == 7101
    store.update_account(a, {"status": "UNVERIFIED"})
    assert _code(store.login, app, "same@example.com", "FirstPass1") == 7102


def test_login_through_a_group_store(store):
    app = store.create_application("GroupOnly")
    directory = _dir(store)
    group = store.create_group(directory, "Members")
    store.create_mapping(app, group)
    member = store.create_account(directory, {"email": "in@example.com"}, PASSWORD)
    store.create_account(directory, {"email": "out@example.com"}, PASSWORD)
    store.add_membership(member, group)
    assert store.login(app, "in@example.com", PASSWORD) is member
    assert _code(store.login, app, "out@example.com", PASSWORD) == 7104
    store.update_group(group, {"status": "DISABLED"})
    assert _code(store.login, app, "in@example.com", PASSWORD) == 7105
    assert _code(store.login, store.create_application("Empty"), "in@example.com", "x") == 5105


# --------------------------------------------------------------------- password policy


@pytest.mark.parametrize(
    ("password", "code", "message"),
    [
        ("a" * 101, 2008, "Account password maximum length exceeded."),
        ("Ab1", 2007, "Account password minimum length not satisfied."),
        ("ABCDEFGH1", 400, "Password requires at least 1 lowercase character."),
        ("hilolwoothi", 400, "Password requires at least 1 numeric character."),
        ("abcdefgh1", 400, "Password requires at least 1 uppercase character."),
    ],
)
def test_default_strength_messages_in_order(password, code, message):
    with pytest.raises(StormpathError) as info:
        check_strength(password, DEFAULT_STRENGTH)
    assert (info.value.code, info.value.message, info.value.developer_message) == (
        code,
        message,
        message,
    )


def test_symbol_and_diacritic_rules_and_plurals():
    strength = dict(DEFAULT_STRENGTH, minSymbol=2, minDiacritic=1, minUpperCase=3)
    with pytest.raises(StormpathError, match="at least 2 symbol characters"):
        check_strength("abcdefg1!", strength)
    with pytest.raises(StormpathError, match="at least 3 uppercase characters"):
        check_strength("abcdefg1!§", strength)  # § counts as a symbol
    with pytest.raises(StormpathError, match="at least 1 diacritic character"):
        check_strength("abcdefg1! ABC", strength)
    check_strength("abcdefg1! ABCé", strength)
    check_strength("Passw0rd", DEFAULT_STRENGTH)


# --------------------------------------------------------------------------- customData


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("", 3000),
        ("   ", 3000),
        ("k" * 256, 3001),
        ("bad key", 3002),
        ("-lead", 3002),
        ("dotted.key", 3002),
        ("spMeta", 3003),
        ("meta", 3003),
    ],
)
def test_custom_data_key_rules(key, code):
    assert _code(check_custom_data_key, key) == code


def test_custom_data_key_rules_accept_good_keys_and_drop_read_only_fields():
    for key in ("a", "k" * 255, "snake_case", "kebab-case", "x-1"):
        check_custom_data_key(key)
    changes = custom_data_changes({"href": "x", "createdAt": "y", "keep": None})
    assert changes == {"keep": None}


def test_custom_data_size_limit():
    big = "x" * (5 * 1024 * 1024)
    check_custom_data_size({"a": big}, {"b": "small"})
    assert _code(check_custom_data_size, {"a": big}, {"b": big}) == 3004


# ------------------------------------------------------------------ search/clock/journal


def test_datetime_ranges():
    low, high = parse_range("2015-01")
    assert (low, high) == (
        datetime(2015, 1, 1, tzinfo=timezone.utc),
        datetime(2015, 2, 1, tzinfo=timezone.utc),
    )
    low, high = parse_range("[2015-01-01T00:00:00Z,2015-01-02]")
    assert high == datetime(2015, 1, 3, tzinfo=timezone.utc)
    low, high = parse_range("(2015-01-01,)")
    assert low == datetime(2015, 1, 2, tzinfo=timezone.utc) and high.year == 9999
    low, high = parse_range("[,2015-12-31T23:59:59.999Z)")
    assert high == datetime(2015, 12, 31, 23, 59, 59, 999000, tzinfo=timezone.utc)
    with pytest.raises(StormpathError):
        parse_range("yesterday")


def test_clock_set_advance_and_format():
    clock = Clock()
    clock.set(datetime(2015, 8, 25, 19, 57, 5, 976543))
    assert iso(clock.now()) == "2015-08-25T19:57:05.976Z"
    clock.advance(60)
    clock.advance(timedelta(hours=1))
    assert clock.now() == datetime(2015, 8, 25, 20, 58, 5, 976543, tzinfo=timezone.utc)
    clock.reset()
    assert abs(clock.now() - datetime.now(timezone.utc)) < timedelta(seconds=5)
    clock.advance(timedelta(days=2))
    assert clock.now() - datetime.now(timezone.utc) > timedelta(days=1)


def test_journal_patterns_and_assertion_message():
    journal = Journal()
    journal.record(Call("POST", "/applications/abc/loginAttempts", {"expand": "account"}, 200))
    journal.record(Call("GET", "/applications/abc", {}, 200))
    assert journal.count("post", "/applications/*/loginAttempts") == 1
    assert journal.count(None, "/applications/*") == 1  # * is exactly one segment
    assert journal.count() == 2
    journal.assert_called("POST", "/applications/*/loginAttempts", times=1)
    with pytest.raises(AssertionError) as info:
        journal.assert_called("GET", "/accounts/*", times=2)
    text = str(info.value)
    assert "GET /accounts/* 2 time(s), got 0" in text
    assert "POST /applications/abc/loginAttempts?expand=account -> 200" in text
    journal.clear()
    with pytest.raises(AssertionError, match="no requests"):
        journal.assert_called("GET", "/x")


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2015, 8, 25, 19, 57, 5, 976543, tzinfo=timezone.utc),
        datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc),
        datetime(2026, 1, 2, 3, 4, 5, 6000, tzinfo=timezone.utc),
        datetime(2026, 10, 10, 10, 10, 10, 0, tzinfo=timezone.utc),
    ],
)
def test_iso_matches_strftime_with_milliseconds(moment):
    expected = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    assert iso(moment) == expected
