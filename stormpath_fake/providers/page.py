"""The fake providers' HTML: the page to pick an identity (or cancel), and the error page.

The pick page posts back to its own URL (no ``action``), so the authorize request's query string
comes along with the choice; a browser and a test helper send the same POST.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Protocol

__all__ = ["error_page", "pick_page"]


class _Person(Protocol):
    @property
    def user_id(self) -> str: ...

    @property
    def email(self) -> str | None: ...

    @property
    def name(self) -> str: ...


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}"
    "button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font:inherit;cursor:pointer}"
    ".who{text-align:left}.muted{color:#555}"
)


def _document(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def pick_page(label: str, client_id: str, people: Sequence[_Person]) -> str:
    """Choose who signs in to `client_id`, or cancel (which denies consent)."""
    title = f"Sign in with {label}"
    if people:
        buttons = "".join(
            f'<button type="submit" class="who" name="identity" value="{escape(p.user_id)}">'
            f"{escape(p.name)} &lt;{escape(p.email or 'no email')}&gt;</button>"
            for p in people
        )
        choices = (
            '<form method="post"><input type="hidden" name="decision" value="allow">'
            f"{buttons}</form>"
        )
    else:
        choices = (
            f'<p class="muted">Nobody can sign in yet: add an identity with '
            f"<code>fake.{escape(label.lower())}.add_identity(email=...)</code>.</p>"
        )
    body = (
        f"<h1>{escape(title)}</h1>"
        f"<p>Choose an account to continue to <strong>{escape(client_id)}</strong>.</p>"
        f"{choices}"
        '<form method="post"><button type="submit" name="decision" value="deny">'
        "Cancel</button></form>"
        f'<p class="muted">Fake {escape(label)} provider of the Stormpath emulator.</p>'
    )
    return _document(title, body)


def error_page(label: str, error: str, description: str) -> str:
    """A refused authorize request that cannot go back to the app (bad client or URI)."""
    body = (
        f"<h1>{escape(label)}: access blocked</h1>"
        f'<p>Error: <code id="error">{escape(error)}</code></p>'
        f"<p>{escape(description)}</p>"
    )
    return _document(f"{label}: {error}", body)
