"""The extension's routes: which views an app gets, and adding them cheaply to each new app.

The views are chosen when the app is bound, from its settings, as 0.4.x did. Werkzeug turns
every URL rule into Python source for its URL builders and compiles it, once per rule and per
app: for the extension's rules that was most of what binding an app cost, and suites that make
an app per test (pytest-flask's default) paid it in every test. The builders of a rule depend
only on its shape, so the extension compiles them once per process and hands the same
functions to the same rules of later apps.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Hashable, Iterator
from typing import Any, ClassVar

from flask import Blueprint, Flask
from werkzeug.routing import Rule

from . import reset, social, verify, views

__all__ = ["add_routes"]

# (switch, URL setting, view) of the form views; the social ones are in `social`.
_FORM_VIEWS: tuple[tuple[str, str, Callable[..., Any]], ...] = (
    ("STORMPATH_ENABLE_REGISTRATION", "STORMPATH_REGISTRATION_URL", views.register),
    ("STORMPATH_ENABLE_LOGIN", "STORMPATH_LOGIN_URL", views.login),
    ("STORMPATH_ENABLE_LOGOUT", "STORMPATH_LOGOUT_URL", views.logout),
    ("STORMPATH_ENABLE_FORGOT_PASSWORD", "STORMPATH_FORGOT_PASSWORD_URL", reset.forgot),
    (
        "STORMPATH_ENABLE_FORGOT_PASSWORD",
        "STORMPATH_FORGOT_PASSWORD_CHANGE_URL",
        reset.forgot_change,
    ),
    ("STORMPATH_VERIFY_EMAIL", "STORMPATH_VERIFY_EMAIL_URL", verify.verify),
)


#: (URL, endpoint, view, methods) of one route.
Route = tuple[str, str, Callable[..., Any], tuple[str, ...]]


def routes_for(config: Any) -> tuple[Route, ...]:
    """The routes of the views `config` enables."""
    form_views = tuple(
        (config[url], view.__name__, view, ("GET", "POST"))
        for enabled, url, view in _FORM_VIEWS
        if config[enabled]
    )
    return form_views + social.routes(config)


def blueprint_for(config: Any) -> Blueprint:
    """The ``stormpath`` blueprint with the views `config` enables, its templates and CSS.

    Apps with the same routes get the same blueprint (Flask registers one blueprint on any
    number of apps): it is made once.
    """
    return _blueprint(routes_for(config))


@functools.cache
def _blueprint(routes: tuple[Route, ...]) -> Blueprint:
    blueprint = Blueprint(
        "stormpath",
        "flask_stormpath",
        template_folder="templates",
        static_folder="static",
        static_url_path="/_stormpath/static",
    )
    for url, endpoint, view, methods in routes:
        blueprint.add_url_rule(url, endpoint, view, methods=list(methods))
    return blueprint


def add_routes(app: Flask) -> None:
    """Register the extension's blueprint on `app`, reusing URL builders compiled before."""
    with _reusing_builders(app):
        app.register_blueprint(blueprint_for(app.config))


@contextlib.contextmanager
def _reusing_builders(app: Flask) -> Iterator[None]:
    """Have Flask make the rules added inside the block with `app`'s own rule class, extended
    to share compiled URL builders; the app's later rules are made as before."""
    own = "url_rule_class" in vars(app)
    base = app.url_rule_class
    app.url_rule_class = sharing_builders(base)
    try:
        yield
    finally:
        if own:
            app.url_rule_class = base
        else:
            del app.url_rule_class


def sharing_builders(base: type[Rule]) -> type[Rule]:
    """A subclass of the rule class `base` whose rules share their compiled URL builders.

    A `base` that compiles its builders its own way is returned as it is: what its builders
    depend on is not known.
    """
    if base._compile_builder is not Rule._compile_builder:
        return base
    made = _SUBCLASSES.get(base)
    if made is None:
        made = _SUBCLASSES.setdefault(base, _subclass(base))
    return made


# One subclass per rule class, kept for the process (as rule classes themselves are).
_SUBCLASSES: dict[type[Rule], type[Rule]] = {}


def _subclass(base: type[Rule]) -> type[Rule]:
    class SharedBuilderRule(base):  # type: ignore[valid-type,misc]  # any Rule subclass
        """A werkzeug rule that reuses the URL builders of an earlier rule of the same shape."""

        builders: ClassVar[dict[Hashable, Any]] = {}

        def _compile_builder(self, append_unknown: bool = True) -> Any:
            # A builder's code depends on the rule's parts and its defaults (folded in as
            # constants); it reaches the rule's converters and query encoding through the rule
            # it is bound to, so rules without defaults and with the same parts can share one.
            trace = getattr(self, "_trace", None)  # werkzeug's parsed rule, in werkzeug 2 and 3
            if self.defaults or trace is None:
                return super()._compile_builder(append_unknown)
            key = (append_unknown, tuple(trace))
            builder = self.builders.get(key)
            if builder is None:
                builder = self.builders[key] = super()._compile_builder(append_unknown)
            return builder

    SharedBuilderRule.__qualname__ = SharedBuilderRule.__name__ = f"Shared{base.__name__}"
    return SharedBuilderRule
