"""Shared fixtures and helpers of the core emulator tests (test_core_*, test_models_*,
test_auth_*): an in-process fake and a thin raw-HTTP client over it."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import requests
from fake_http_api import PASSWORD, unique

from stormpath_fake import FakeStormpath

__all__ = ["PASSWORD", "Http", "basic_value", "started_http", "unique"]


def basic_value(login: str, password: str) -> str:
    """The ``value`` of a basic login attempt."""
    return base64.b64encode(f"{login}:{password}".encode()).decode()


class Http:
    """Plain ``requests`` against a started fake, with Basic auth and no redirects."""

    def __init__(self, fake: FakeStormpath) -> None:
        self.fake = fake
        self.base = fake.base_url
        self.session = requests.Session()
        self.session.auth = (fake.api_key_id, fake.api_key_secret)

    def url(self, path_or_href: str) -> str:
        return path_or_href if path_or_href.startswith("http") else self.base + path_or_href

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        response = self.session.request(method, self.url(path), **kwargs)
        assert response.status_code < 500, response.text
        return response

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.call("GET", path, params=params or None)

    def post(self, path: str, body: Any = None, **params: Any) -> requests.Response:
        return self.call("POST", path, json=body, params=params or None)

    def delete(self, path: str) -> requests.Response:
        return self.call("DELETE", path)

    def ok(self, path: str, **params: Any) -> dict[str, Any]:
        response = self.get(path, **params)
        assert response.status_code == 200, response.text
        return response.json()

    def create(self, path: str, body: Any, **params: Any) -> dict[str, Any]:
        response = self.post(path, body, **params)
        assert response.status_code == 201, response.text
        assert response.headers["Location"] == response.json()["href"]
        return response.json()

    def update(self, href: str, body: Any) -> dict[str, Any]:
        response = self.post(href, body)
        assert response.status_code == 200, response.text
        return response.json()

    def error(self, response: requests.Response, status: int, code: int | None = None) -> dict:
        assert response.status_code == status, response.text
        body = response.json()
        assert body["status"] == status
        if code is not None:
            assert body["code"] == code, body
        assert body["moreInfo"].endswith(str(body["code"]))
        assert body["requestId"]
        return body

    def account(self, store: str | None = None, **fields: Any) -> dict[str, Any]:
        body = {"email": f"{unique('u')}@example.com", "password": PASSWORD, **fields}
        return self.create(f"{store or self.fake.application_href}/accounts", body)

    def directory(self, **fields: Any) -> dict[str, Any]:
        return self.create("/directories", {"name": unique("dir"), **fields})

    def application(self, **fields: Any) -> dict[str, Any]:
        return self.create("/applications", {"name": unique("app"), **fields})

    def group(self, store: str | None = None, **fields: Any) -> dict[str, Any]:
        body = {"name": unique("grp"), **fields}
        return self.create(f"{store or self.fake.directory_href}/groups", body)

    def mapping(self, app: str, store: str, **fields: Any) -> dict[str, Any]:
        body = {"application": {"href": app}, "accountStore": {"href": store}, **fields}
        return self.create("/accountStoreMappings", body)

    def login(
        self, login: str, password: str, app: str | None = None, **extra: Any
    ) -> requests.Response:
        body = {"type": "basic", "value": basic_value(login, password), **extra}
        return self.post(f"{app or self.fake.application_href}/loginAttempts", body)


def started_http() -> Iterator[Http]:
    """Body of the ``http`` fixture each module declares: a started in-process fake on the
    default base URL, wrapped in :class:`Http`."""
    with FakeStormpath() as fake:
        yield Http(fake)
