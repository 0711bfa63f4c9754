"""Password reset tokens (§5.3): send, verify, reset, single use, unknown email."""

from __future__ import annotations


def _send(api, email, app_href=None, **extra):
    return api.post(f"{app_href or api.app_href}/passwordResetTokens", {"email": email, **extra})


def test_send_answers_token_body(api):
    account = api.new_account()
    response = _send(api, account["email"])
    assert response.status_code == 200
    body = response.json()
    assert body["href"].startswith(f"{api.app_href}/passwordResetTokens/")
    token = api.last_segment(body["href"])
    assert token and "/" not in token
    assert body["email"] == account["email"]
    assert body["account"] == {"href": account["href"]}


def test_send_matches_email_case_insensitively(api):
    account = api.new_account()
    response = _send(api, account["email"].upper())
    assert response.status_code == 200
    assert response.json()["account"] == {"href": account["href"]}


def test_unknown_email_is_2016(api):
    body = api.error(_send(api, "nobody@example.com"), 400, 2016)
    assert "does not match a known resource" in body["message"]
    assert "does not match a known resource" in body["developerMessage"]


def test_email_outside_the_application_is_2016(api):
    outsider = api.new_account(api.new_directory()["href"])
    api.error(_send(api, outsider["email"]), 400, 2016)


def test_account_store_narrows_the_lookup(api):
    app = api.new_application()
    first, second = api.new_directory(), api.new_directory()
    account = api.new_account(second["href"])
    api.map_store(app["href"], first["href"])
    api.map_store(app["href"], second["href"])
    ok = _send(api, account["email"], app["href"], accountStore={"href": second["href"]})
    assert ok.status_code == 200
    wrong = _send(api, account["email"], app["href"], accountStore={"href": first["href"]})
    api.error(wrong, 400, 2016)


def test_missing_email_is_400(api):
    api.error(api.post(f"{api.app_href}/passwordResetTokens", {}), 400)


def test_verify_returns_the_same_body(api):
    account = api.new_account()
    sent = _send(api, account["email"]).json()
    assert api.ok(sent["href"]) == sent


def test_unknown_token_is_404(api):
    api.error(api.get(f"{api.app_href}/passwordResetTokens/notatoken"), 404, 404)
    response = api.post(f"{api.app_href}/passwordResetTokens/notatoken", {"password": "NewPass123"})
    api.error(response, 404, 404)


def test_reset_sets_the_password_and_consumes_the_token(api):
    account = api.new_account()
    href = _send(api, account["email"]).json()["href"]
    api.fake.clock.advance(5)
    response = api.post(href, {"password": "BrandNew1pass"})
    assert response.status_code == 200
    assert response.json() == {"account": {"href": account["href"]}}
    assert api.login(account["email"], "BrandNew1pass").status_code == 200
    api.error(api.login(account["email"], api.PASSWORD), 400, 7100)
    refreshed = api.ok(account["href"])
    assert refreshed["passwordModifiedAt"] > account["passwordModifiedAt"]
    # Single use: verifying or reusing the token now fails.
    api.error(api.get(href), 404, 404)
    api.error(api.post(href, {"password": "Another1pass"}), 404, 404)


def test_reset_with_expand_account(api):
    account = api.new_account()
    href = _send(api, account["email"]).json()["href"]
    response = api.post(href, {"password": "BrandNew1pass"}, params={"expand": "account"})
    assert response.status_code == 200
    assert response.json()["account"]["email"] == account["email"]


def test_reset_checks_password_strength_and_keeps_the_token(api):
    account = api.new_account()
    href = _send(api, account["email"]).json()["href"]
    body = api.error(api.post(href, {"password": "weak"}), 400, 2007)
    assert body["message"] == "Account password minimum length not satisfied."
    assert api.ok(href)["account"] == {"href": account["href"]}
    assert api.post(href, {"password": "Strong1pass"}).status_code == 200


def test_reset_without_password_is_400(api):
    account = api.new_account()
    href = _send(api, account["email"]).json()["href"]
    api.error(api.post(href, {}), 400)


def test_token_lifetime_follows_the_policy(api):
    policy_href = api.ok(api.dir_href)["passwordPolicy"]["href"]
    api.updated(policy_href, {"resetTokenTtl": 1})
    account = api.new_account()
    href = _send(api, account["email"]).json()["href"]
    api.fake.clock.advance(50 * 60)
    assert api.ok(href)["email"] == account["email"]
    api.fake.clock.advance(20 * 60)
    api.error(api.post(href, {"password": "BrandNew1pass"}), 404, 404)


def test_token_expires_after_reset_token_ttl(api):
    account = api.new_account()
    href = _send(api, account["email"]).json()["href"]
    api.fake.clock.advance(23 * 3600)
    assert api.ok(href)["email"] == account["email"]
    api.fake.clock.advance(2 * 3600)
    api.error(api.get(href), 404, 404)


def test_successful_reset_sends_a_confirmation_mail(api):
    account = api.new_account()
    href = _send(api, account["email"]).json()["href"]

    def mails_to_account() -> int:
        return sum(account["email"] in str(vars(mail)) for mail in api.fake.outbox)

    before = mails_to_account()
    api.post(href, {"password": "BrandNew1pass"})
    assert mails_to_account() == before + 1


def _mails_with(api, token: str) -> list:
    return [mail for mail in api.fake.outbox if token in str(vars(mail))]


def test_reset_mail_is_sent_only_when_enabled(api):
    account = api.new_account()
    href = _send(api, account["email"]).json()["href"]
    assert len(_mails_with(api, api.last_segment(href))) == 1
    policy_href = api.ok(api.dir_href)["passwordPolicy"]["href"]
    api.updated(policy_href, {"resetEmailStatus": "DISABLED"})
    quiet = _send(api, account["email"]).json()["href"]
    assert _mails_with(api, api.last_segment(quiet)) == []
