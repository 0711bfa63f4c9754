"""Following the link of an email Stormpath sent (password reset, email verification) through
a Flask test client, as the user's browser would. This module does not import pytest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pytest_stormpath.errors import FixtureError

if TYPE_CHECKING:
    from flask.testing import FlaskClient
    from werkzeug.test import TestResponse


def link_target(email: Any) -> str:
    """The path and query of an email's ``link`` (or of a link given as a string).

    The host is left out: the link points at the app (``/forgot/change?sptoken=...``,
    ``/verify?sptoken=...``), which the test client serves whatever its configured host.
    """
    link = email if isinstance(email, str) else getattr(email, "link", None)
    if not link:
        described = (
            f"the {email.kind} email to {email.to}" if hasattr(email, "kind") else repr(email)
        )
        raise FixtureError(f"follow_email_link: {described} carries no link")
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def follow_link(
    client: FlaskClient,
    email: Any,
    data: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> TestResponse:
    """Request ``email``'s link with ``client``: a GET, or with ``data`` a POST of that form
    (e.g. the new password on the reset page). ``kwargs`` go to the client
    (``follow_redirects=True``, ...)."""
    target = link_target(email)
    if data is None:
        return client.get(target, **kwargs)
    return client.post(target, data=dict(data), **kwargs)
