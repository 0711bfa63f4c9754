"""The same-site rule for every redirect target taken from a request (``next`` and the like).

0.4.6 redirected to any ``next`` value, which made ``/login`` an open redirect. Here a target is
accepted only when a browser would certainly resolve it on the current site: a path starting with
a single ``/``, or an absolute ``http(s)`` URL whose host is the request's own (reduced to its
path). Everything else is refused: other hosts, scheme-relative ``//host``, backslashes (browsers
read ``\\`` as ``/``), whitespace or control characters (browsers strip some of them, turning
``/\\t/evil.com`` into ``//evil.com``), and other schemes such as ``javascript:``.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import request

__all__ = ["safe_redirect_target"]


def _same_site_path(target: str) -> str | None:
    """`target` reduced to a same-site relative reference, or None when it is unsafe."""
    # "//host" (and "///host", which urlsplit reads as a path) is another site to a browser.
    if not target or "\\" in target or target.startswith("//"):
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. an unbalanced "[" in the host part
        return None
    other_site = (
        parts.scheme not in ("http", "https") or parts.netloc.lower() != request.host.lower()
    )
    if (parts.scheme or parts.netloc) and other_site:
        return None
    path = parts.path
    # Only site-absolute paths: "//x" would be read as a host, and relative paths depend on
    # the URL of the page that links here.
    if not path.startswith("/") or path.startswith("//"):
        return None
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def safe_redirect_target(target: str | None, default: str) -> str:
    """`target` as a same-site path when it is safe, else `default` (a trusted, configured URL).

    Needs a request context: the current host is the only one accepted in absolute URLs.
    """
    if target is None:
        return default
    return _same_site_path(target) or default
