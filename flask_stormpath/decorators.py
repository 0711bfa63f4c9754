"""View decorators: `login_required` (Flask-Login's) and `groups_required`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request
from flask_login import current_user, login_required
from flask_login.config import EXEMPT_METHODS

__all__ = ["groups_required", "login_required"]

F = TypeVar("F", bound=Callable[..., Any])


def user_in_groups(user: Any, groups: Iterable[Any], all: bool = True) -> bool:
    """Whether `user` belongs to every group (`all`) or to at least one of `groups`.

    Groups may be Group objects, names or hrefs. The client caches the account's groups,
    so a warm cache answers without an API call.
    """
    return bool(user.has_groups(groups, all=all))


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
