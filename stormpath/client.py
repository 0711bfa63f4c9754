"""The entry point: ``Client(id=..., secret=...)`` and the top-level collections."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

from stormpath import __version__
from stormpath.auth import ApiKey, find_api_key, make_signer
from stormpath.cache.manager import CacheManager
from stormpath.data_store import DataStore
from stormpath.http import DEFAULT_MAX_TRIES, DEFAULT_TIMEOUT, HttpExecutor
from stormpath.resources import (
    AccountList,
    AccountStoreMappingList,
    ApplicationList,
    DirectoryList,
    GroupList,
    GroupMembershipList,
    Tenant,
)

__all__ = ["BASE_URL", "Client", "default_user_agent"]

BASE_URL = "https://api.stormpath.com/v1"


def default_user_agent(prefix: str | None = None) -> str:
    """``stormpath-sdk-python/<ver> python/<x.y.z> <os>/<release>``, after ``prefix`` if any."""
    agent = (
        f"stormpath-sdk-python/{__version__} python/{platform.python_version()} "
        f"{platform.system()}/{platform.release()}"
    )
    return f"{prefix} {agent}" if prefix else agent


class Client:
    """A Stormpath API client.

    Credentials come from ``id``/``secret`` (also spelled ``api_key_id``/``api_key_secret`` or
    ``api_key={'id', 'secret'}``), else an ``apiKey.properties`` file (``api_key_file_location``
    or ``$STORMPATH_API_KEY_FILE``), else the environment, else
    ``~/.stormpath/apiKey.properties``. ``scheme`` is ``'SAuthc1'`` (default) or ``'basic'``.
    ``cache_options`` are passed to `stormpath.cache.manager.CacheManager`.
    """

    def __init__(
        self,
        id: str | None = None,
        secret: str | None = None,
        api_key_file_location: str | os.PathLike[str] | None = None,
        base_url: str = BASE_URL,
        scheme: str = "SAuthc1",
        cache_options: Mapping[str, Any] | None = None,
        user_agent: str | None = None,
        proxies: Mapping[str, str] | None = None,
        timeout: float | tuple[float, float] | None = DEFAULT_TIMEOUT,
        *,
        api_key_id: str | None = None,
        api_key_secret: str | None = None,
        api_key: Mapping[str, str] | None = None,
        api_key_file: str | os.PathLike[str] | None = None,
        max_tries: int = DEFAULT_MAX_TRIES,
        backoff_base: float = 0.5,
        backoff_cap: float = 20.0,
        sleep: Callable[[float], Any] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        if api_key:
            id = id or api_key.get("id") or api_key.get("api_key_id")
            secret = secret or api_key.get("secret") or api_key.get("api_key_secret")
        self.api_key: ApiKey = find_api_key(
            id or api_key_id,
            secret or api_key_secret,
            api_key_file_location or api_key_file,
        )
        self.base_url = base_url.rstrip("/")
        self.scheme = scheme
        executor = HttpExecutor(
            self.base_url,
            make_signer(self.api_key, scheme),
            user_agent=default_user_agent(user_agent),
            proxies=proxies,
            timeout=timeout,
            max_tries=max_tries,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
            sleep=sleep,
            session=session,
        )
        self.data_store = DataStore(executor, CacheManager(dict(cache_options or {}) or None))
        self._tenant: Tenant | None = None

    @property
    def tenant(self) -> Tenant:
        """The current tenant (loaded on first attribute access, then kept)."""
        if self._tenant is None:
            self._tenant = Tenant(self, href=f"{self.base_url}/tenants/current")
        return self._tenant

    def _tenant_link(self, name: str) -> Callable[[], str | None]:
        return lambda: getattr(self.tenant, name).href

    @property
    def applications(self) -> ApplicationList:
        """The tenant's applications; ``create()`` POSTs to ``/applications``."""
        return ApplicationList(self, href_resolver=self._tenant_link("applications"))

    @property
    def directories(self) -> DirectoryList:
        """The tenant's directories; ``create()`` POSTs to ``/directories``."""
        return DirectoryList(self, href_resolver=self._tenant_link("directories"))

    @property
    def accounts(self) -> AccountList:
        """The tenant's accounts; ``get(href)`` needs no request."""
        return AccountList(self, href_resolver=self._tenant_link("accounts"))

    @property
    def groups(self) -> GroupList:
        """The tenant's groups (create groups in a directory or an application)."""
        return GroupList(self, href_resolver=self._tenant_link("groups"))

    @property
    def group_memberships(self) -> GroupMembershipList:
        """Create memberships here (``/groupMemberships``); list them on accounts or groups."""
        return GroupMembershipList(self)

    @property
    def account_store_mappings(self) -> AccountStoreMappingList:
        """Create mappings here (``/accountStoreMappings``); list them on an application."""
        return AccountStoreMappingList(self)

    def __repr__(self) -> str:
        return f"<Client base_url={self.base_url!r} api_key_id={self.api_key.id!r}>"
