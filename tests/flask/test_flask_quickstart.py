"""examples/quickstart/app.py end to end against the in-process emulator."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from quickstart_support import load_quickstart

from stormpath_fake import FakeStormpath

PASSWORD = "Quickstart-Passw0rd"
GOOGLE_SETTINGS = (
    "STORMPATH_GOOGLE_CLIENT_ID",
    "STORMPATH_GOOGLE_CLIENT_SECRET",
    "STORMPATH_GOOGLE_AUTHORIZE_URL",
    "STORMPATH_GOOGLE_TOKEN_URL",
)


@pytest.fixture
def quickstart(fake: FakeStormpath, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setenv("STORMPATH_API_KEY_ID", fake.api_key_id)
    monkeypatch.setenv("STORMPATH_API_KEY_SECRET", fake.api_key_secret)
    monkeypatch.setenv("STORMPATH_BASE_URL", "https://api.stormpath.com/v1")
    monkeypatch.setenv("SECRET_KEY", "quickstart-test")
    monkeypatch.delenv("STORMPATH_APPLICATION", raising=False)
    monkeypatch.delenv("STORMPATH_API_KEY_FILE", raising=False)
    for name in GOOGLE_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return load_quickstart()


def test_register_logout_login_and_see_the_secret(quickstart: ModuleType) -> None:
    app = quickstart.app
    assert app.config["STORMPATH_APPLICATION"] == "My Application"
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()

    assert "Hello, world!" in client.get("/").get_data(as_text=True)
    assert client.get("/secret").headers["Location"] == "/login?next=%2Fsecret"

    form = {
        "given_name": "Ada",
        "surname": "Lovelace",
        "email": "ada@example.com",
        "password": PASSWORD,
    }
    assert client.post("/register", data=form).status_code == 302
    assert "ada@example.com" in client.get("/secret").get_data(as_text=True)

    client.get("/logout")
    assert client.get("/secret").status_code == 302

    login = {"login": "ada@example.com", "password": PASSWORD}
    response = client.post("/login?next=%2Fsecret", data=login)
    assert response.headers["Location"] == "/secret"
    assert "You are logged in as ada@example.com" in client.get("/secret").get_data(as_text=True)


def test_key_file_from_the_environment(
    fake: FakeStormpath, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key_file = tmp_path / "apiKey.properties"
    key_file.write_text(f"apiKey.id = {fake.api_key_id}\napiKey.secret = {fake.api_key_secret}\n")
    monkeypatch.setenv("STORMPATH_API_KEY_FILE", str(key_file))
    monkeypatch.setenv("STORMPATH_APPLICATION", "My Application")
    monkeypatch.delenv("STORMPATH_API_KEY_ID", raising=False)
    monkeypatch.delenv("STORMPATH_API_KEY_SECRET", raising=False)
    monkeypatch.delenv("STORMPATH_BASE_URL", raising=False)
    app = load_quickstart().app
    assert app.config["STORMPATH_API_KEY_FILE"] == str(key_file)
    assert app.config["STORMPATH_BASE_URL"] == "https://api.stormpath.com/v1"
    result = app.test_cli_runner().invoke(args=["stormpath", "check"])
    assert result.exit_code == 0, result.output


def test_csrf_is_on_in_the_quickstart(quickstart: ModuleType) -> None:
    client = quickstart.app.test_client()
    response = client.post("/login", data={"login": "a@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert 'name="csrf_token"' in response.get_data(as_text=True)


def test_google_login_only_when_the_environment_names_a_client(
    quickstart: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = quickstart.app.test_client()
    assert "Google" not in plain.get("/login").get_data(as_text=True)
    assert plain.get("/google").status_code == 404
    values = ("qs-google", "qs-secret", "http://127.0.0.1:9/auth", "http://127.0.0.1:9/token")
    for name, value in zip(GOOGLE_SETTINGS, values, strict=True):
        monkeypatch.setenv(name, value)
    client = load_quickstart().app.test_client()
    assert "Log in with Google" in client.get("/login").get_data(as_text=True)
    start = client.get("/google")
    assert start.status_code == 302
    assert start.headers["Location"].startswith("http://127.0.0.1:9/auth?")
    assert "client_id=qs-google" in start.headers["Location"]
