"""View decorators: `login_required` (Flask-Login's) and `groups_required`."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request
from flask_login import current_user, login_required
from flask_login.config import EXEMPT_METHODS

__all__ = ["groups_required", "login_required"]

F = TypeVar("F", bound=Callable[..., Any])


def _group_keys(group: Any) -> tuple[str, str]:
    """How a required group is matched: ("href", value) or ("name", value)."""
    href = getattr(group, "href", None)
    if href:
        return "href", str(href)
    text = str(group)
    return ("href", text) if text.startswith(("http://", "https://")) else ("name", text)


def user_in_groups(user: Any, groups: Iterable[Any], all: bool = True) -> bool:
    """Whether `user` belongs to every group (`all`) or to at least one of `groups`.

    Groups may be Group objects, names or hrefs. The account's groups come from
    `User.group_refs`, so a warm cache answers without an API call.
    """
    wanted = [_group_keys(group) for group in groups]
    refs = user.group_refs()
    held = {("href", ref["href"]) for ref in refs} | {("name", ref["name"]) for ref in refs}
    matches = [key in held for key in wanted]
    # `all` is the 0.4.x keyword argument, so the builtin is reached through `builtins`.
    return builtins.all(matches) if all else any(matches)


def groups_required(groups: Iterable[Any], all: bool = True) -> Callable[[F], F]:
    """Allow a view only to users in `groups` (every one, or any one when ``all=False``).

    Like `login_required`, it does nothing when ``LOGIN_DISABLED`` is set or for OPTIONS requests.
    Anonymous users and users lacking a group get `LoginManager.unauthorized()` (a redirect to
    the login view, or 401 when login is disabled), as in 0.4.x.
    """
    required = list(groups)

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            exempt = request.method in EXEMPT_METHODS or current_app.config.get("LOGIN_DISABLED")
            if not exempt and not (
                current_user.is_authenticated and user_in_groups(current_user, required, all)
            ):
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            return current_app.ensure_sync(view)(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
