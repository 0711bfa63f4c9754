"""The same-site rule for redirect targets taken from a request (``next``)."""

from __future__ import annotations

import pytest
from flask import Flask

from flask_stormpath.redirects import safe_redirect_target

DEFAULT = "/home"

# Each of these would send a browser to another site (or run script) if used as a Location.
OPEN_REDIRECT_VECTORS = [
    "http://evil.com/",
    "https://evil.com/secret",
    "HTTPS://EVIL.COM",
    "//evil.com",
    "//evil.com/path",
    "///evil.com",
    "////evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    "/\\/evil.com",
    " /\\evil.com",
    " //evil.com",
    "\t//evil.com",
    "\n//evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "/\r/evil.com",
    "/\x00/evil.com",
    "/\x0b/evil.com",
    "/\x7f/evil.com",
    "\u00a0//evil.com",
    "\u2028//evil.com",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https:evil.com",
    "http:/evil.com",
    "http:\\\\evil.com",
    "https://localhost@evil.com/",
    "https://localhost.evil.com/",
    "https://evil.com#@localhost",
    "https://evil.com\\@localhost",
    "https://localhost:8080/",
    "http://[::1/",
    "ftp://localhost/",
    "https://localhost//evil.com",
    "evil.com",
    "secret",
    "",
]


@pytest.fixture
def app() -> Flask:
    return Flask(__name__)


@pytest.mark.parametrize("target", OPEN_REDIRECT_VECTORS)
def test_unsafe_targets_fall_back_to_the_default(app: Flask, target: str) -> None:
    with app.test_request_context("/login", base_url="https://localhost"):
        assert safe_redirect_target(target, DEFAULT) == DEFAULT


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/secret", "/secret"),
        ("/secret?tab=1&x=%2F%2Fevil.com", "/secret?tab=1&x=%2F%2Fevil.com"),
        ("/a/b#frag", "/a/b#frag"),
        ("/%2F%2Fevil.com", "/%2F%2Fevil.com"),
        ("https://localhost/secret?x=1", "/secret?x=1"),
        ("HTTPS://LOCALHOST/secret", "/secret"),
        ("http://localhost/", "/"),
    ],
)
def test_same_site_targets_are_kept_as_paths(app: Flask, target: str, expected: str) -> None:
    with app.test_request_context("/login", base_url="https://localhost"):
        assert safe_redirect_target(target, DEFAULT) == expected


def test_missing_target_gives_the_default(app: Flask) -> None:
    with app.test_request_context("/login"):
        assert safe_redirect_target(None, DEFAULT) == DEFAULT


def test_host_with_port_must_match_exactly(app: Flask) -> None:
    with app.test_request_context("/login", base_url="http://example.org:8080"):
        assert safe_redirect_target("http://example.org:8080/x", DEFAULT) == "/x"
        assert safe_redirect_target("http://example.org/x", DEFAULT) == DEFAULT
