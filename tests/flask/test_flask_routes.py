"""The extension's routes: chosen from the settings, and cheap to add to each new app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, url_for
from flask_helpers import AppFactory
from werkzeug.routing import Map, Rule

from flask_stormpath.routes import sharing_builders

EXTENSION_ENDPOINTS = {"stormpath.register", "stormpath.login", "stormpath.logout"}


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The rules werkzeug compiles URL builders for from now on (one entry per builder)."""
    seen: list[str] = []
    original = Rule._compile_builder

    def counting(rule: Rule, append_unknown: bool = True) -> Any:
        seen.append(rule.rule)
        return original(rule, append_unknown)

    monkeypatch.setattr(Rule, "_compile_builder", counting)
    # Start from an empty memo: other tests of this process have compiled builders already.
    monkeypatch.setattr(sharing_builders(Rule), "builders", {})
    yield seen


def urls(app: Flask) -> dict[str, str]:
    with app.test_request_context():
        return {
            "login": url_for("stormpath.login", next="/dashboard"),
            "register": url_for("stormpath.register"),
            "logout": url_for("stormpath.logout"),
            "css": url_for("stormpath.static", filename="stormpath.css"),
            "external": url_for("stormpath.login", _external=True),
        }


def test_a_second_app_compiles_no_builder_for_the_extension_rules(
    make_app: AppFactory, compiled: list[str]
) -> None:
    first = make_app()
    assert "/login" in compiled  # the first app of the process compiles them
    compiled.clear()
    second = make_app()
    assert {"/login", "/register", "/logout"}.isdisjoint(compiled)
    assert "/_stormpath/static/<path:filename>" not in compiled
    # The app's own rules (its static route, the demo views) are compiled as usual.
    assert "/static/<path:filename>" in compiled
    assert (
        urls(first)
        == urls(second)
        == {
            "login": "/login?next=/dashboard",
            "register": "/register",
            "logout": "/logout",
            "css": "/_stormpath/static/stormpath.css",
            "external": "http://localhost/login",
        }
    )


def test_apps_with_other_urls_get_their_own_builders(make_app: AppFactory) -> None:
    make_app()
    moved = make_app(STORMPATH_LOGIN_URL="/sign-in", STORMPATH_REGISTRATION_URL="/join")
    assert urls(moved)["login"] == "/sign-in?next=/dashboard"
    assert urls(moved)["register"] == "/join"
    client = moved.test_client()
    assert client.get("/sign-in").status_code == 200
    assert client.get("/login").status_code == 404


def test_shared_builders_serve_each_rule_with_its_own_converters(compiled: list[str]) -> None:
    """Two maps, one rule shape: the builder is shared, the values are each map's to quote."""
    shared = sharing_builders(Rule)
    maps = [Map([shared("/files/<path:name>", endpoint="file")]) for _ in range(2)]
    built = [m.bind("example.test").build("file", {"name": "a b/c", "v": 1}) for m in maps]
    assert built == ["/files/a%20b/c?v=1", "/files/a%20b/c?v=1"]
    assert compiled.count("/files/<path:name>") == 2  # once per builder kind, not per map


def test_rules_with_defaults_are_compiled_each_time(compiled: list[str]) -> None:
    shared = sharing_builders(Rule)
    for page in (1, 2):
        rules = [
            shared("/list/", endpoint="list", defaults={"page": page}),
            shared("/list/<int:page>", endpoint="list"),
        ]
        adapter = Map(rules).bind("example.test")
        assert adapter.build("list", {"page": page}) == "/list/"
        assert adapter.build("list", {"page": 3}) == "/list/3"
    assert compiled.count("/list/") == 4  # both builders of both maps


def test_the_apps_rule_class_is_left_as_it_was(make_app: AppFactory) -> None:
    app = make_app()
    assert "url_rule_class" not in vars(app)
    assert app.url_rule_class is Rule

    @app.route("/later")
    def later() -> str:
        return "later"

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "later")
    assert type(rule) is Rule


def test_a_custom_rule_class_is_extended_not_replaced(fake: Any) -> None:
    from flask_helpers import base_config

    from flask_stormpath import StormpathManager

    class TaggedRule(Rule):
        tag = "mine"

    app = Flask(__name__)
    app.url_rule_class = TaggedRule
    app.config.update(base_config(fake))
    StormpathManager(app)
    assert app.url_rule_class is TaggedRule
    ours = [r for r in app.url_map.iter_rules() if r.endpoint in EXTENSION_ENDPOINTS]
    assert len(ours) == 3
    assert all(isinstance(rule, TaggedRule) and rule.tag == "mine" for rule in ours)
    assert app.test_client().get("/login").status_code == 200


def test_a_rule_class_compiling_its_own_builders_is_left_alone() -> None:
    class Prefixed(Rule):
        """Builders that depend on more than the rule's parts: here, a per-rule prefix."""

        prefix = ""

        def _compile_builder(self, append_unknown: bool = True) -> Any:
            build = super()._compile_builder(append_unknown)
            prefix = self.prefix

            def prefixed(*args: Any, **kwargs: Any) -> Any:
                domain, path = build(*args, **kwargs)
                return domain, prefix + path

            return prefixed

    assert sharing_builders(Prefixed) is Prefixed
    built = []
    for prefix in ("/en", "/de"):
        rule = sharing_builders(Prefixed)("/login", endpoint="login")
        rule.prefix = prefix
        built.append(Map([rule]).bind("example.test").build("login"))
    assert built == ["/en/login", "/de/login"]


def test_apps_with_the_same_routes_share_one_blueprint(make_app: AppFactory) -> None:
    first, second = make_app(), make_app()
    assert first.blueprints["stormpath"] is second.blueprints["stormpath"]
    other = make_app(STORMPATH_ENABLE_FORGOT_PASSWORD=True)
    assert other.blueprints["stormpath"] is not first.blueprints["stormpath"]
    assert other.test_client().get("/forgot").status_code == 200
    for app in (first, second):
        assert app.test_client().get("/forgot").status_code == 404
        assert app.test_client().get("/login").status_code == 200
