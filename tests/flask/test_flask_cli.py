"""``flask stormpath check``."""

from __future__ import annotations

from flask_helpers import AppFactory


def test_check_finds_the_application(make_app: AppFactory) -> None:
    app = make_app()
    result = app.test_cli_runner().invoke(args=["stormpath", "check"])
    assert result.exit_code == 0, result.output
    assert (
        'Stormpath application "My Application" found: https://api.stormpath.com/v1/applications/'
        in result.output
    )


def test_check_names_a_missing_application(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_APPLICATION="Missing App")
    result = app.test_cli_runner().invoke(args=["stormpath", "check"])
    assert result.exit_code == 1
    assert 'No Stormpath application is named "Missing App"' in result.output


def test_check_reports_settings_changed_after_binding(make_app: AppFactory) -> None:
    app = make_app()
    app.config["STORMPATH_COOKIE_DOMAIN"] = 7
    result = app.test_cli_runner().invoke(args=["stormpath", "check"])
    assert result.exit_code == 1
    assert "STORMPATH_COOKIE_DOMAIN must be a string." in result.output


def test_check_reports_bad_credentials(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_API_KEY_SECRET="wrong")
    result = app.test_cli_runner().invoke(args=["stormpath", "check"])
    assert result.exit_code == 1
    assert "Stormpath check failed:" in result.output
