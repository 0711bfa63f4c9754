"""The `user` proxy and the context processor that puts it in every template."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from werkzeug.local import LocalProxy

__all__ = ["user", "user_context_processor"]


def _current_user() -> Any:
    """The logged-in `User`, or Flask-Login's anonymous user."""
    return current_user._get_current_object()


#: The current user: a `User`, or the anonymous user (whose ``is_authenticated`` is False).
user: Any = LocalProxy(_current_user)


def user_context_processor() -> dict[str, Any]:
    """Expose `user` (and Flask-Login's `current_user`) to templates.

    Both are lazy proxies: a template that never mentions them costs no user loading.
    """
    return {"user": user, "current_user": current_user}
