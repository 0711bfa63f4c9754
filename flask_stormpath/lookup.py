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


def find_application(client: Client, name_or_href: str) -> Any:
    """The application at the href, or the only one whose name is exactly `name_or_href`."""
    if "/applications/" in name_or_href:
        return _by_href(client, name_or_href)
    matches = [
        application
        for application in client.applications.search({"name": name_or_href})
        if application.name == name_or_href
    ]
    if not matches:
        raise ConfigurationError(
            f'No Stormpath application is named "{name_or_href}" '
            "(STORMPATH_APPLICATION must be an application's exact name or its href)."
        )
    if len(matches) > 1:
        raise ConfigurationError(
            f'{len(matches)} Stormpath applications are named "{name_or_href}": '
            "set STORMPATH_APPLICATION to the href of the one to use."
        )
    return matches[0]


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
