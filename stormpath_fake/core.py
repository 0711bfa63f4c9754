"""``FakeStormpath``: the admin handle over the emulator's state and its two doors."""

from __future__ import annotations

import functools
import json
import random
import secrets
import string
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlsplit

import responses

from . import responses as handlers
from .clock import Clock
from .context import Context, Reply, Request
from .ids import IdGenerator
from .journal import Call, Journal
from .mock import MockDoor
from .models import Email, SocialIdentity, Store
from .passwords import make_hasher
from .providers import FakeFacebook, FakeGoogle, Identity, OAuthProvider
from .wsgi import FakeApp

DEFAULT_BASE_URL = "https://api.stormpath.com/v1"
F = TypeVar("F", bound=Callable[..., Any])


class FakeStormpath:
    """A stateful Stormpath REST API v1 emulator, in-process or over HTTP.

    Fresh state: one tenant, one API key (:attr:`api_key_id` / :attr:`api_key_secret`), the
    application "My Application" whose default account and group store is the directory
    "My Application Directory" (mapping listIndex 0).

    Use it as a context manager, as a decorator of sync functions, or with :meth:`start` /
    :meth:`stop`. While started, requests made with ``requests`` to :attr:`base_url` (and to
    every URL passed to :meth:`intercept`) are answered in-process by :attr:`wsgi_app`;
    :meth:`serve` exposes the same app and state over a real socket.

    Coexisting with ``responses``: the in-process door is a ``responses.RequestsMock``
    (:attr:`mock`). Its registry checks the responses *you* add with ``fake.mock.add(...)``
    first (so you can override an endpoint, e.g. to simulate an outage), then the fake's
    prefix callbacks, which are never consumed. Anything else is handed to whatever
    ``HTTPAdapter.send`` was installed when the fake started: if you start the fake inside an
    active ``responses`` mock (``@responses.activate``, ``with responses.RequestsMock()``),
    that mock keeps serving its URLs; otherwise the request goes to the real transport.
    Starting a ``responses`` mock *after* the fake hides the fake (responses patches over it):
    register extra responses with ``fake.mock.add`` instead. ``fake.mock.calls`` records every
    call except those the emulator's API answered: those are in its journal (:attr:`requests`)
    only, so a long-running emulator does not hoard requests and responses.

    :meth:`reset` returns to the fresh state cheaply: the API keys (including ones added with
    :meth:`add_api_key`) and the hrefs of the tenant, "My Application", its directory (with
    its email templates and account schema) and mapping stay the same; everything else, the
    outbox, the journal and the clock are reset.
    With ``auto_provision=True``, the applications provisioned on a name look-up are kept too,
    emptied (no accounts, groups or custom data), with their directory and mapping at the same
    hrefs: a client that looked one up before the reset keeps using it.
    With ``deterministic_ids=True`` the id sequence restarts, so ids repeat run after run (and
    provisioned applications are provisioned again with ids from the restarted sequence).

    The clock (:attr:`clock`) drives timestamps and token expiry. SAuthc1 date checks use the
    wall clock, so advancing :attr:`clock` never invalidates a client's signatures.

    Beyond the contract: :meth:`find_application`, :meth:`add_social_identity` (fake Google,
    Facebook, ... profiles for ``providerData`` logins), :attr:`store` (the raw state, for
    white-box tests; hold ``store.lock`` while mutating it) and :attr:`journal`.

    Fake identity providers: :attr:`google` and :attr:`facebook` (``add_client``,
    ``add_identity``, ``urls``; see :mod:`stormpath_fake.providers`). In-process they answer at
    their real URLs; in server mode under ``/google`` and ``/facebook`` of the server
    (``fake.google.urls(handle.base_url)``). Every access token they issue is taught to the
    emulator, so ``providerData`` with that ``accessToken`` finds the person; a ``code`` in
    ``providerData`` is redeemed with them as the directory's client (its ``clientId``,
    ``clientSecret`` and ``redirectUri``). Their clients and identities survive :meth:`reset`;
    their codes and tokens do not.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        deterministic_ids: bool = False,
        auto_provision: bool = False,
        password_hasher: str = "fast",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.auto_provision = auto_provision
        self.clock = Clock()
        self.ids = IdGenerator(deterministic=deterministic_ids)
        self.store = Store(self.ids, self.clock, make_hasher(password_hasher))
        self.journal = Journal()
        self.api_key_id, self.api_key_secret = _new_key(deterministic_ids)
        self.store.add_api_key(self.api_key_id, self.api_key_secret)
        self.store.provision_on_lookup = auto_provision
        self._boot_ids = self.store.bootstrap()
        self.wsgi_app = FakeApp(self.store, self.journal, auto_provision=auto_provision)
        self._door = MockDoor(self.wsgi_app)
        self._base_urls: list[str] = []
        self._started = False
        self.intercept(self.base_url)
        # Fake identity providers: in-process at their real URLs, and under /google and
        # /facebook of the emulator's server. Their access tokens are taught to the store.
        self.google = FakeGoogle(self.clock, on_token=self._learn_provider_token)
        self.facebook = FakeFacebook(self.clock, on_token=self._learn_provider_token)
        self._provider_tokens: set[tuple[str, str]] = set()
        self.store.code_redeemer = self._redeem_provider_code
        for provider in self.providers:
            self.wsgi_app.mount(provider.mount_path, provider)
            for url in provider.base_urls:
                self._door.intercept(url, provider)

    # ---------------------------------------------------------------------- lifecycle

    @property
    def mock(self) -> responses.RequestsMock:
        """The ``responses`` mock of the in-process door (add your own responses to it)."""
        return self._door.mock

    def start(self) -> FakeStormpath:
        """Begin answering requests to the intercepted base URLs in-process."""
        if not self._started:
            self._door.start()
            self._started = True
        return self

    def stop(self) -> None:
        """Stop intercepting (state is kept)."""
        if self._started:
            self._door.stop()
            self._started = False

    def __enter__(self) -> FakeStormpath:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        """Decorate a sync function so it runs with the fake started."""

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def intercept(self, base_url: str) -> None:
        """Also answer ``base_url`` in-process (same state; hrefs use that base URL)."""
        base_url = base_url.rstrip("/")
        if base_url in self._base_urls:
            return
        self._base_urls.append(base_url)
        self.wsgi_app.add_base_path(urlsplit(base_url).path)
        self._door.intercept(base_url)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> Any:
        """Serve the same app and state over HTTP; returns a handle with ``.base_url`` and
        ``.stop()``."""
        from .server import serve as serve_wsgi

        handle = serve_wsgi(self.wsgi_app, host=host, port=port)
        self.wsgi_app.add_base_path(urlsplit(handle.base_url).path)
        return handle

    def reset(self) -> None:
        """Back to the fresh state (see the class docstring for what survives)."""
        with self.store.lock:
            self.clock.reset()
            if self.ids.deterministic:
                self.ids.reset()
                self._boot_ids = self.store.bootstrap()
            else:
                self.store.bootstrap(self._boot_ids)
            self.journal.clear()
            self.mock.calls.reset()
            for provider in self.providers:
                provider.reset()
            for key in self._provider_tokens:
                self.store.social_identities.pop(key, None)
            self._provider_tokens.clear()

    # ------------------------------------------------------------------------ admin

    @property
    def tenant_href(self) -> str:
        """Href of the tenant on :attr:`base_url`."""
        return f"{self.base_url}/tenants/{self._boot_ids['tenant']}"

    @property
    def application_href(self) -> str:
        """Href of "My Application"."""
        return f"{self.base_url}/applications/{self._boot_ids['application']}"

    @property
    def directory_href(self) -> str:
        """Href of "My Application Directory"."""
        return f"{self.base_url}/directories/{self._boot_ids['directory']}"

    def add_api_key(self, key_id: str, secret: str) -> None:
        """Accept one more tenant API key."""
        self.store.add_api_key(key_id, secret)

    def create_application(self, name: str, create_directory: bool = True) -> str:
        """Create an application (by default with its own directory mapped as default
        account and group store) and return its href."""
        with self.store.lock:
            app = self.store.create_application(name, create_directory=create_directory)
        return f"{self.base_url}/applications/{app.id}"

    def add_social_identity(
        self,
        provider_id: str,
        credential: str,
        *,
        email: str | None,
        given_name: str | None = None,
        surname: str | None = None,
        user_id: str | None = None,
    ) -> None:
        """Teach the fake social provider ``provider_id`` (e.g. "google") that the code or
        access token ``credential`` belongs to this profile. ``POST {app}/accounts`` with
        ``providerData`` then gets or creates the account in the app's directory for that
        provider. Identities survive :meth:`reset`."""
        identity = SocialIdentity(
            provider_id.lower(),
            user_id or f"{provider_id.lower()}:{email}",
            email,
            given_name,
            surname,
        )
        with self.store.lock:
            self.store.social_identities[(identity.provider_id, credential)] = identity

    @property
    def providers(self) -> tuple[OAuthProvider, ...]:
        """The fake identity providers (:attr:`google`, :attr:`facebook`)."""
        return (self.google, self.facebook)

    def _learn_provider_token(self, provider_id: str, token: str, profile: Identity) -> None:
        # What the real service would read from the provider's user-info endpoint.
        self.add_social_identity(
            provider_id,
            token,
            email=profile.email,
            given_name=profile.given_name,
            surname=profile.surname,
            user_id=profile.user_id,
        )
        with self.store.lock:
            self._provider_tokens.add((provider_id, token))

    def _redeem_provider_code(
        self, provider_id: str, code: str, directory_provider: dict[str, Any]
    ) -> SocialIdentity | None:
        provider = next((p for p in self.providers if p.provider_id == provider_id), None)
        if provider is None:
            return None
        profile = provider.redeem_code(
            code,
            str(directory_provider.get("clientId", "")),
            str(directory_provider.get("clientSecret", "")),
            str(directory_provider.get("redirectUri", "")),
        )
        if profile is None:
            return None
        return SocialIdentity(
            provider_id, profile.user_id, profile.email, profile.given_name, profile.surname
        )

    def find_application(self, name: str) -> str | None:
        """Href of the application called ``name`` (case-insensitive), or None."""
        with self.store.lock:
            app = self.store.find_application_by_name(name, provision=False)
        return f"{self.base_url}/applications/{app.id}" if app else None

    def create_account(self, owner_href: str, **fields: Any) -> dict[str, Any]:
        """Create an account as ``POST {owner_href}/accounts`` does, without a request, and
        return the JSON the API answers (201 body; hrefs on ``owner_href``'s base URL).

        ``owner_href`` is a directory's href, or an application's (the account goes to its
        default account store). ``fields`` are the request body's, by API name (``givenName``)
        or in snake_case (``given_name``): ``email``, ``password``, ``custom_data``, ...; None
        values are left out. The same validation, password policy and directory workflows
        (verification or welcome email) apply, and refusals raise the API's errors as
        :class:`stormpath_fake.exceptions.StormpathError`. Not recorded in the journal.
        """
        base_url, collection, owner_id = owner_href.rstrip("/").rsplit("/", 2)
        if collection not in ("applications", "directories"):
            raise ValueError(f"not an application's or a directory's href: {owner_href!r}")
        body = {_api_name(name): value for name, value in fields.items() if value is not None}
        return self._answer(
            "POST",
            base_url,
            f"/{collection}/{owner_id}/accounts",
            lambda context: handlers.create_account(context, collection, owner_id),
            json.dumps(body).encode("utf-8"),
        )

    def read(self, href: str) -> dict[str, Any]:
        """The JSON a ``GET`` of a top-level resource's ``href`` (``{base}/{collection}/{id}``,
        e.g. an application) answers, without a request. Not recorded in the journal; an
        unknown href raises :class:`stormpath_fake.exceptions.StormpathError` (404)."""
        base_url, collection, obj_id = href.rstrip("/").rsplit("/", 2)
        return self._answer(
            "GET",
            base_url,
            f"/{collection}/{obj_id}",
            lambda context: handlers.get_resource(context, collection, obj_id),
        )

    def _answer(
        self,
        method: str,
        base_url: str,
        path: str,
        handler: Callable[[Context], Reply],
        body: bytes = b"",
    ) -> dict[str, Any]:
        """Run one handler in-process, as the emulator's own key would call it."""
        headers = {"content-type": "application/json"} if body else {}
        request = Request(method, path, {}, headers, body, base_url, "", self.api_key_id)
        with self.store.lock:
            reply = handler(Context(request, self.store, self.auto_provision))
        assert reply.body is not None
        return reply.body

    @property
    def outbox(self) -> list[Email]:
        """Emails the service would have sent (to, subject, body, kind, token, link)."""
        return self.store.outbox

    @property
    def requests(self) -> list[Call]:
        """The journal: every answered request, oldest first."""
        return self.journal.entries

    def count_calls(self, method: str | None = None, pattern: str | None = None) -> int:
        """How many journal entries match (``*`` in ``pattern`` matches one path segment)."""
        return self.journal.count(method, pattern)

    def assert_called(self, method: str, pattern: str, times: int | None = None) -> None:
        """AssertionError listing the journal unless the call was made (``times`` times)."""
        self.journal.assert_called(method, pattern, times)

    def clear_requests(self) -> None:
        """Empty the journal."""
        self.journal.clear()


def _api_name(name: str) -> str:
    """``given_name`` -> ``givenName``; API names pass unchanged."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _new_key(deterministic: bool) -> tuple[str, str]:
    upper = string.ascii_uppercase + string.digits
    alphabet = string.ascii_letters + string.digits + "+/"
    if deterministic:
        rng = random.Random(1)
        choice: Callable[[str], str] = rng.choice
    else:
        choice = secrets.choice
    key_id = "".join(choice(upper) for _ in range(25))
    secret = "".join(choice(alphabet) for _ in range(43))
    return key_id, secret
