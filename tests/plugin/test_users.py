"""The Faker user data and the password generator (no pytest, no emulator involved)."""

from __future__ import annotations

import random
import string
from types import SimpleNamespace

import pytest

from pytest_stormpath.users import PasswordRules, UserFactory, generate_password

POLICIES = [
    PasswordRules(),
    PasswordRules(min_length=30, min_symbol=3, min_diacritic=2, min_numeric=4),
    PasswordRules(min_length=4, max_length=6, min_lower_case=1, min_upper_case=1),
    PasswordRules(min_lower_case=0, min_upper_case=0, min_numeric=0),
]


def _count(password: str, alphabet: str) -> int:
    return sum(char in alphabet for char in password)


@pytest.mark.parametrize("rules", POLICIES)
def test_generated_passwords_meet_the_policy(rules: PasswordRules) -> None:
    rng = random.Random(7)
    for _ in range(50):
        password = generate_password(rules, rng)
        assert rules.min_length <= len(password) <= rules.max_length
        assert _count(password, string.ascii_lowercase) >= rules.min_lower_case
        assert _count(password, string.ascii_uppercase) >= rules.min_upper_case
        assert _count(password, string.digits) >= rules.min_numeric
        assert _count(password, string.punctuation) >= rules.min_symbol
        assert sum(ord(char) > 127 for char in password) >= rules.min_diacritic


def test_default_passwords_differ() -> None:
    assert len({generate_password() for _ in range(20)}) == 20


def test_an_impossible_policy_is_explained() -> None:
    with pytest.raises(ValueError, match="allows at most 3"):
        generate_password(PasswordRules(max_length=3, min_symbol=2))


def test_rules_are_read_from_a_strength_resource() -> None:
    strength = SimpleNamespace(min_length=12, min_symbol=2, max_length=50)
    rules = PasswordRules.from_strength(strength)
    assert (rules.min_length, rules.min_symbol, rules.max_length) == (12, 2, 50)
    assert rules.min_upper_case == PasswordRules().min_upper_case


def test_fields_are_realistic_and_unique() -> None:
    factory = UserFactory(seed=1)
    first, second = factory.fields(), factory.fields()
    assert first["email"] != second["email"]
    assert first["username"] != second["username"]
    assert first["given_name"] and first["surname"]
    assert first["email"].endswith("@example.com")
    assert first["status"] == "ENABLED"


def test_given_fields_win_and_shape_the_email() -> None:
    fields = UserFactory(seed=2).fields(given_name="Ada", surname="Lovelace", status="DISABLED")
    assert (fields["given_name"], fields["surname"], fields["status"]) == (
        "Ada",
        "Lovelace",
        "DISABLED",
    )
    assert fields["email"].startswith("ada.lovelace.")


def test_fields_use_the_given_rules() -> None:
    fields = UserFactory(seed=3).fields(PasswordRules(min_length=40))
    assert len(fields["password"]) >= 40


@pytest.mark.parametrize("locale", ["fr_FR", "ja_JP"])
def test_emails_stay_ascii_in_any_locale(locale: str) -> None:
    factory = UserFactory(seed=4, locale=locale)
    for _ in range(20):
        fields = factory.fields()
        local, _, domain = fields["email"].partition("@")
        assert local.isascii() and domain == "example.com"
        assert local.replace(".", "").isalnum()
        assert fields["username"].replace("_", "").isalnum()


def test_a_seed_repeats_names_but_not_emails() -> None:
    first, second = UserFactory(seed=5).fields(), UserFactory(seed=5).fields()
    assert (first["given_name"], first["surname"]) == (second["given_name"], second["surname"])
    assert first["email"] != second["email"]
