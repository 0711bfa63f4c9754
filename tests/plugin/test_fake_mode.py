"""The sample project's suite, offline on the emulator: every fixture and the marker."""

from __future__ import annotations

from typing import Any

import pytest

SAMPLE_TEST_COUNT = 13
FAKE_TEST_COUNT = 4


@pytest.mark.parametrize(
    "flask_plugin", [[], ["-p", "no:flask"]], ids=["pytest-flask", "no-pytest-flask"]
)
def test_sample_suite_passes_offline(sample: Any, flask_plugin: list[str]) -> None:
    result = sample.run("--stormpath-fake", *flask_plugin)
    result.assert_outcomes(passed=SAMPLE_TEST_COUNT + FAKE_TEST_COUNT)


def test_environment_switch_runs_offline(sample: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORMPATH_FAKE", "1")
    sample.run().assert_outcomes(passed=SAMPLE_TEST_COUNT + FAKE_TEST_COUNT)


def test_sample_suite_passes_with_xdist(sample: Any) -> None:
    result = sample.run("--stormpath-fake", "-p", "xdist", "-n", "2", subprocess=True)
    result.assert_outcomes(passed=SAMPLE_TEST_COUNT + FAKE_TEST_COUNT)
    result.stdout.fnmatch_lines(["stormpath: fake, in-process emulator*"])


def test_app_created_at_import_time_is_offline(sample: Any) -> None:
    # A module-level app, used while collecting: the emulator is already up.
    sample.write(
        "test_module_level.py",
        """
        from sampleapp import create_app

        APP = create_app()
        with APP.app_context():
            APPLICATION_NAME = APP.extensions["stormpath"].application.name


        def test_module_level_app_was_provisioned():
            assert APPLICATION_NAME == "Sample App"
        """,
    )
    sample.run("--stormpath-fake", "test_module_level.py").assert_outcomes(passed=1)


def test_app_base_url_is_served(sample: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # An enterprise-style base URL in the app's config is intercepted too.
    monkeypatch.setenv("STORMPATH_BASE_URL", "https://enterprise.stormpath.io/v1")
    result = sample.run("--stormpath-fake", "test_sample.py", "-k", "logged_in_user or make_user")
    result.assert_outcomes(passed=5)


def test_app_fixture_base_url_is_served(sample: Any) -> None:
    sample.write(
        "test_custom_url.py",
        """
        import pytest
        from sampleapp import create_app


        @pytest.fixture
        def app():
            app = create_app()
            app.config["STORMPATH_BASE_URL"] = "https://stormpath.internal.example/v1"
            return app


        def test_user_lives_under_the_app_base_url(make_user):
            assert make_user().href.startswith("https://stormpath.internal.example/v1/accounts/")
        """,
    )
    sample.run("--stormpath-fake", "test_custom_url.py").assert_outcomes(passed=1)


def test_fake_only_fixtures_skip_against_a_real_service(sample: Any) -> None:
    result = sample.run("test_sample_fake.py", "-rs")
    result.assert_outcomes(skipped=FAKE_TEST_COUNT)
    result.stdout.fnmatch_lines(["*needs the Stormpath emulator: run with --stormpath-fake*"])


def test_session_scoped_app_on_the_built_in_application(sample: Any) -> None:
    # docs/testing.md: one app for the session, bound to "My Application", survives resets.
    sample.write(
        "conftest.py",
        """
        import pytest
        from sampleapp import create_app


        @pytest.fixture(scope="session")
        def app(stormpath_fake):
            app = create_app()
            app.config.update(
                STORMPATH_API_KEY_ID=stormpath_fake.api_key_id,
                STORMPATH_API_KEY_SECRET=stormpath_fake.api_key_secret,
                STORMPATH_APPLICATION="My Application",
            )
            return app
        """,
    )
    sample.write(
        "test_session_app.py",
        """
        import pytest


        @pytest.mark.parametrize("n", range(3))
        def test_later_tests_cost_no_call(n, stormpath_fake, logged_in_user, client):
            assert client.get("/me").json["email"] == logged_in_user.email
            # The account was made in the emulator directly, and is read from the cache.
            stormpath_fake.assert_called("POST", "/applications/*/accounts", times=0)
            if n:  # the first test also looked the application up
                assert stormpath_fake.requests == []
        """,
    )
    result = sample.run("--stormpath-fake", "test_session_app.py", "test_sample.py")
    result.assert_outcomes(passed=3 + SAMPLE_TEST_COUNT)


def test_an_app_per_test_finds_its_application_without_a_call(sample: Any) -> None:
    # pytest-flask's default: a new app (and client) per test, bound by name to an application
    # the emulator provisioned. Only the first test of the run searches for it.
    sample.write(
        "conftest.py",
        """
        import pytest
        from sampleapp import create_app


        @pytest.fixture
        def app():
            app = create_app()
            app.config.update(STORMPATH_APPLICATION="Per Test App")
            return app
        """,
    )
    sample.write(
        "test_app_per_test.py",
        """
        import pytest


        @pytest.mark.parametrize("n", range(3))
        def test_page(n, app, stormpath_fake, logged_in_user, client):
            assert client.get("/me").json["email"] == logged_in_user.email
            # The app's client was handed its application: resolving it is a cache hit.
            assert app.extensions["stormpath"].application.name == "Per Test App"
            if n:
                assert stormpath_fake.requests == []
            else:
                stormpath_fake.assert_called("GET", "/tenants/*/applications", times=1)
        """,
    )
    result = sample.run("--stormpath-fake", "-p", "no:randomly", "test_app_per_test.py")
    result.assert_outcomes(passed=3)
