"""Find the Stormpath application named by ``STORMPATH_APPLICATION``.

0.4.6 took the first hit of a free-text search, so a typo gave an unrelated application or an
``IndexError``. Here the setting is either an application href (it contains ``/applications/``)
or an exact name; no match, or several, is a `ConfigurationError` that names the setting.
"""

from __future__ import annotations

from typing import Any

from stormpath.client import Client

from .errors import ConfigurationError, StormpathError, is_outage

__all__ = ["find_application"]


# (base URL, API key id, name) -> href of the application last found under that name. Apps
# made again and again in one process (pytest-flask makes one per test) then find theirs with
# one read, which also proves the href still names that application.
_FOUND_BY_NAME: dict[tuple[str, str, str], str] = {}


def find_application(client: Client, name_or_href: str) -> Any:
    """The application at the href, or the only one whose name is exactly `name_or_href`.

    A name found before in this process (same base URL and key) is checked with one read of
    the application found then; only when that fails (deleted, renamed) is it searched again.
    """
    if "/applications/" in name_or_href:
        return _by_href(client, name_or_href)
    memo_key = (client.base_url, client.api_key.id, name_or_href)
    href = _FOUND_BY_NAME.get(memo_key)
    if href is not None:
        known = _still_named(client, href, name_or_href)
        if known is not None:
            return known
        _FOUND_BY_NAME.pop(memo_key, None)
    found = _search(client, name_or_href)
    _FOUND_BY_NAME[memo_key] = found.href
    return found


def _search(client: Client, name: str) -> Any:
    matches = [
        application
        for application in client.applications.search({"name": name})
        if application.name == name
    ]
    if not matches:
        raise ConfigurationError(
            f'No Stormpath application is named "{name}" '
            "(STORMPATH_APPLICATION must be an application's exact name or its href)."
        )
    if len(matches) > 1:
        raise ConfigurationError(
            f'{len(matches)} Stormpath applications are named "{name}": '
            "set STORMPATH_APPLICATION to the href of the one to use."
        )
    return matches[0]


def _still_named(client: Client, href: str, name: str) -> Any:
    """The application at `href` if it is still called `name`, else None (an outage
    propagates)."""
    try:
        application = _by_href(client, href)
    except ConfigurationError:
        return None  # deleted since, or no longer readable with this key
    return application if application.name == name else None


def _by_href(client: Client, href: str) -> Any:
    application = client.applications.get(href)
    try:
        application.name  # noqa: B018 - loads the resource, so a bad href fails here
    except StormpathError as error:
        if is_outage(error):
            raise
        raise ConfigurationError(
            f"STORMPATH_APPLICATION is {href!r}, but that application could not be loaded "
            f"({error.message})."
        ) from error
    return application
