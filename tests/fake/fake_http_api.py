"""Raw HTTP access to one emulator door, shared by the raw-HTTP suite (see conftest.py)."""

from __future__ import annotations

import base64
import itertools
import re
from typing import Any

import requests

from stormpath_fake import FakeStormpath

IN_PROCESS_BASE_URL = "https://api.stormpath.com/v1"
DOORS = ("inprocess", "server")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
# A password that satisfies the default strength policy.
PASSWORD = "Passw0rdStrong"
_DEFAULT = object()
# A new directory's password strength policy.
STRENGTH_DEFAULTS = {
    "minLength": 8,
    "maxLength": 100,
    "minLowerCase": 1,
    "minUpperCase": 1,
    "minNumeric": 1,
    "minSymbol": 0,
    "minDiacritic": 0,
    "preventReuse": 0,
}
# The emulator answers an internal exception with a 400 carrying this text instead of a 5xx;
# the suite treats it as a crash.
CRASH_TEXT = "could not process this request"
_counter = itertools.count()


def unique(prefix: str = "x") -> str:
    """A name no other test in this process uses."""
    return f"{prefix}{next(_counter)}"


def unique_email(prefix: str = "user") -> str:
    return f"{unique(prefix)}@example.com"


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


class Api:
    """Raw HTTP access to one emulator door; paths are relative to the base URL, hrefs absolute.

    It also carries the suite's shared helpers, so test modules import nothing from conftest.
    """

    PASSWORD = PASSWORD
    TIMESTAMP_RE = TIMESTAMP_RE
    UUID_RE = UUID_RE
    unique = staticmethod(unique)
    unique_email = staticmethod(unique_email)

    def __init__(self, fake: FakeStormpath, base_url: str, door: str) -> None:
        self.fake = fake
        self.base_url = base_url
        self.door = door
        self.key_id = fake.api_key_id
        self.secret = fake.api_key_secret
        self.tenant_href = fake.tenant_href
        self.app_href = fake.application_href
        self.dir_href = fake.directory_href
        self.session = requests.Session()
        self.session.auth = (self.key_id, self.secret)

    def url(self, path_or_href: str) -> str:
        if path_or_href.startswith(("http://", "https://")):
            return path_or_href
        return self.base_url + path_or_href

    def request(
        self, method: str, path_or_href: str, *, auth: Any = _DEFAULT, **kwargs: Any
    ) -> requests.Response:
        """Send one request; no emulator response may ever be a 5xx."""
        if auth is not _DEFAULT:
            # None would fall back to the session's credentials; a no-op callable sends none.
            kwargs["auth"] = _no_auth if auth is None else auth
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 10)
        response = self.session.request(method, self.url(path_or_href), **kwargs)
        assert response.status_code < 500, (
            f"{method} {path_or_href} answered {response.status_code}: {response.text[:500]}"
        )
        assert CRASH_TEXT not in response.text[:1000], (
            f"{method} {path_or_href} crashed the emulator: {response.text[:500]}"
        )
        return response

    def get(self, path_or_href: str, **params: Any) -> requests.Response:
        return self.request("GET", path_or_href, params=params or None)

    def post(
        self, path_or_href: str, json: Any = None, params: dict[str, Any] | None = None, **kw: Any
    ) -> requests.Response:
        return self.request("POST", path_or_href, json=json, params=params, **kw)

    def delete(self, path_or_href: str, **kw: Any) -> requests.Response:
        return self.request("DELETE", path_or_href, **kw)

    # Helpers for the setup steps most tests share; each asserts the success code.

    def ok(self, path_or_href: str, **params: Any) -> dict[str, Any]:
        response = self.get(path_or_href, **params)
        assert response.status_code == 200, response.text
        return response.json()

    def created(
        self, path_or_href: str, body: Any, params: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        response = self.post(path_or_href, body, params=params)
        assert response.status_code == 201, response.text
        return response.json()

    def updated(self, href: str, body: Any) -> dict[str, Any]:
        response = self.post(href, body)
        assert response.status_code == 200, response.text
        return response.json()

    def deleted(self, href: str) -> None:
        response = self.delete(href)
        assert response.status_code == 204, response.text

    def new_account(self, store_href: str | None = None, **fields: Any) -> dict[str, Any]:
        """Create an account in a directory, or through an application (default: My Application)."""
        body = {
            "email": unique_email(),
            "password": PASSWORD,
            "givenName": "Given",
            "surname": "Sur",
            **fields,
        }
        return self.created(f"{store_href or self.app_href}/accounts", body)

    def new_directory(self, **fields: Any) -> dict[str, Any]:
        return self.created("/directories", {"name": unique("dir"), **fields})

    def new_application(
        self, params: dict[str, Any] | None = None, **fields: Any
    ) -> dict[str, Any]:
        return self.created("/applications", {"name": unique("app"), **fields}, params=params)

    def new_group(self, store_href: str | None = None, **fields: Any) -> dict[str, Any]:
        return self.created(
            f"{store_href or self.dir_href}/groups", {"name": unique("grp"), **fields}
        )

    def map_store(self, app_href: str, store_href: str, **flags: Any) -> dict[str, Any]:
        body = {"application": {"href": app_href}, "accountStore": {"href": store_href}, **flags}
        return self.created("/accountStoreMappings", body)

    def add_member(self, account_href: str, group_href: str) -> dict[str, Any]:
        body = {"account": {"href": account_href}, "group": {"href": group_href}}
        return self.created("/groupMemberships", body)

    def login(
        self, login: str, password: str, app_href: str | None = None, **extra: Any
    ) -> requests.Response:
        value = base64.b64encode(f"{login}:{password}".encode()).decode()
        body = {"type": "basic", "value": value, **extra}
        return self.post(f"{app_href or self.app_href}/loginAttempts", body)

    @staticmethod
    def error(response: requests.Response, status: int, code: int | None = None) -> dict:
        """Check the Stormpath error body (§6) and return it."""
        assert response.status_code == status, response.text
        assert response.headers["Content-Type"].startswith("application/json"), response.headers
        body = response.json()
        for key in ("status", "code", "message", "developerMessage", "moreInfo", "requestId"):
            assert key in body, f"error body lacks {key!r}: {body}"
        assert body["status"] == status
        assert isinstance(body["code"], int)
        if code is not None:
            assert body["code"] == code, body
        assert isinstance(body["message"], str) and body["message"]
        assert isinstance(body["developerMessage"], str) and body["developerMessage"]
        assert str(body["moreInfo"]).startswith("http")
        if body["code"] >= 1000:
            assert str(body["code"]) in body["moreInfo"], body
        assert body["requestId"]
        return body

    @staticmethod
    def last_segment(href: str) -> str:
        """Last path segment of an href."""
        return href.rstrip("/").rsplit("/", 1)[-1]

    def collection(self, href: str, **params: Any) -> list[dict[str, Any]]:
        """All items of a collection, paging like the SDKs do."""
        items: list[dict[str, Any]] = []
        while True:
            page = self.ok(href, offset=len(items), limit=100, **params)
            items.extend(page["items"])
            if len(page["items"]) < 100:
                return items
