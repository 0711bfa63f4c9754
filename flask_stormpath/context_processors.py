"""The `user` proxy and the context processor that puts it in every template."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

__all__ = ["user", "user_context_processor"]

#: The current user: a `User`, or the anonymous user (whose ``is_authenticated`` is False).
#: Flask-Login's own proxy under 0.4.x's name (a proxy of it would cost a second look-up).
user: Any = current_user


def user_context_processor() -> dict[str, Any]:
    """Expose `user` (and Flask-Login's `current_user`) to templates.

    Both are lazy proxies: a template that never mentions them costs no user loading.
    """
    return {"user": user, "current_user": current_user}
