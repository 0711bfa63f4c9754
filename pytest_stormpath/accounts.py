"""Creating users and groups for a test, logging them in, and cleaning up after.

Everything goes through Flask-Stormpath's public API (``User.create``, the application the
extension resolved), so the same code runs against the emulator and the real service, with one
shortcut: on the emulator, accounts are created in-process (``FakeStormpath.create_account``,
the API's own creation path, without the HTTP round trip). This module does not import pytest;
the fixtures turn :class:`FixtureError` into a short failure.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from flask import Flask
from flask.testing import FlaskClient

from flask_stormpath import User, user_created
from flask_stormpath.models import announce
from pytest_stormpath.errors import FixtureError
from pytest_stormpath.users import PasswordRules, UserFactory
from stormpath.error import Error as StormpathError

if TYPE_CHECKING:
    from stormpath_fake import FakeStormpath

# The keyword arguments of ``User.create``.
USER_FIELDS = frozenset(
    {
        "email",
        "password",
        "given_name",
        "surname",
        "username",
        "middle_name",
        "custom_data",
        "status",
    }
)
# Stormpath error codes the fixtures explain in plain words.
_NO_DEFAULT_ACCOUNT_STORE = 5100
_NO_DEFAULT_GROUP_STORE = 5102
_NOT_FOUND = 404
_PASSWORD_MESSAGES = ("password requires", "password minimum length", "password maximum length")


def _describe(error: StormpathError) -> str:
    """The API's explanation, with status and code for searching the docs."""
    return f"{error.message} (HTTP {error.status}, code {error.code})"


def _is_password_policy_error(error: StormpathError) -> bool:
    text = (error.message or "").lower()
    return any(fragment in text for fragment in _PASSWORD_MESSAGES)


def remember_password(user: User, password: str) -> None:
    """Keep the plain password on ``user`` as ``user.plain_password``.

    The API never returns passwords, and tests that log in by hand need it. It is a plain
    instance attribute, outside the account's fields, so ``save()`` never sends it (assigning
    ``user.password`` would mark a password change).
    """
    object.__setattr__(user, "plain_password", password)


class AccountMaker:
    """Creates accounts and groups in the Stormpath application of one Flask app.

    Against a real service (``fake=None``) it remembers what it created and deletes it in
    :meth:`cleanup`; on the emulator the reset before every test makes that unnecessary, and
    accounts are created in the emulator directly.
    """

    def __init__(
        self,
        app: Flask,
        users: UserFactory,
        *,
        fake: FakeStormpath | None,
        identifiers: dict[Hashable, str] | None = None,
        fake_applications: WeakKeyDictionary[Flask, tuple[Any, str | None]] | None = None,
        who: str = "make_user",
    ) -> None:
        self.app = app
        self.users = users
        # Session-protection identifiers for log_in, shared by the whole run.
        self.identifiers = identifiers if identifiers is not None else {}
        # Per app, the application the emulator knows (see _fake_application), for the run.
        self.fake_applications = (
            fake_applications if fake_applications is not None else WeakKeyDictionary()
        )
        self.who = who
        self.fake = fake
        self.offline = fake is not None
        self._track = not self.offline
        self._accounts: list[Any] = []
        self._groups: dict[str, Any] = {}
        self._created_groups: list[Any] = []
        self._rules: PasswordRules | None = None

    @contextlib.contextmanager
    def acting_as(self, who: str) -> Iterator[AccountMaker]:
        """Name ``who`` (a fixture) in the error messages raised inside the block."""
        previous, self.who = self.who, who
        try:
            yield self
        finally:
            self.who = previous

    @contextlib.contextmanager
    def _context(self) -> Iterator[Any]:
        """Push an app context and yield the extension's application, explaining failures."""
        extension = self.app.extensions.get("stormpath")
        if extension is None:
            raise FixtureError(
                f"{self.who}: the Flask app from the `app` fixture has no Flask-Stormpath "
                "extension; call StormpathManager(app) in your app factory"
            )
        with self.app.app_context():
            name = self.app.config.get("STORMPATH_APPLICATION")
            try:
                application = None
                if self.fake is not None:
                    application = self._fake_application(extension.client, name)
                if application is None:
                    application = extension.application
            except Exception as error:  # any failure here is a setup problem, say which
                raise FixtureError(
                    f"{self.who}: could not load the Stormpath application {name!r} "
                    f"(STORMPATH_APPLICATION): {error}"
                ) from error
            yield application

    def _fake_application(self, client: Any, name: Any) -> Any:
        """The app's application as the emulator knows it, not read yet (None if unknown).

        The first time for an app, its client is also handed the application's body, as if it
        had read it: an app made per test finds its application by name with one read once the
        process has found it before (see `flask_stormpath.lookup`), and that read is then a
        cache hit. The fixtures themselves only need the href.
        """
        assert self.fake is not None
        from stormpath_fake.exceptions import StormpathError as RefusedByFake

        known = self.fake_applications.get(self.app)
        if known is None or known[0] != name:
            href = None
            if isinstance(name, str):  # else not set: the look-up says so
                href = name if "/applications/" in name else self.fake.find_application(name)
            if href is not None and href != name:
                # The emulator names it under its first base URL; the app may use another.
                href = f"{client.base_url}/applications/{href.rsplit('/', 1)[1]}"
            if href is not None:
                try:
                    client.data_store.remember(self.fake.read(href))
                except RefusedByFake:
                    href = None  # not this emulator's: the look-up says what is wrong
            known = self.fake_applications[self.app] = (name, href)
        return None if known[1] is None else client.applications.get(known[1])

    def create_user(self, groups: Iterable[str] = (), **given: Any) -> User:
        """Create one account (Faker data for what ``given`` leaves out), then add its groups."""
        unknown = sorted(set(given) - USER_FIELDS)
        if unknown:
            raise FixtureError(
                f"{self.who}: unknown user field(s) {', '.join(unknown)}; "
                f"known: groups, {', '.join(sorted(USER_FIELDS))}"
            )
        with self._context() as application:
            fields = self.users.fields(self._rules, **given)
            user = self._create(application, fields, retry_password="password" not in given)
            if self._track:
                self._accounts.append(user)
            for name in groups:
                self._join(application, user, name)
        remember_password(user, fields["password"])
        return user

    def _create(self, application: Any, fields: dict[str, Any], *, retry_password: bool) -> User:
        try:
            return self._new_user(application, fields)
        except StormpathError as error:
            if retry_password and _is_password_policy_error(error) and self._rules is None:
                # The directory is stricter than Stormpath's default: read its policy once.
                self._rules = self._password_rules(application)
                if self._rules is not None:
                    fields["password"] = self.users.fields(self._rules)["password"]
                    return self._create(application, fields, retry_password=False)
            raise self._explain_create(application, fields, error) from error

    def _new_user(self, application: Any, fields: dict[str, Any]) -> User:
        """``User.create`` (one API call), or on the emulator its in-process equivalent."""
        if self.fake is None:
            return User.create(**fields)
        from stormpath_fake.exceptions import StormpathError as RefusedByFake

        try:
            body = self.fake.create_account(application.href, **fields)
        except RefusedByFake as error:
            raise StormpathError.from_body(error.status, error.body("")) from error
        client = self.app.extensions["stormpath"].client
        # Cached as the client caches an account it created, so reads cost no call either.
        client.data_store.remember(body)
        user = User(client, properties=body)
        announce(user_created, User, user)
        return user

    def _password_rules(self, application: Any) -> PasswordRules | None:
        """The default account store's password policy, or None when it cannot be read."""
        try:
            store = application.default_account_store_mapping.account_store
            directory = getattr(store, "directory", None) or store
            return PasswordRules.from_strength(directory.password_policy.strength)
        except (StormpathError, AttributeError):
            return None

    def _explain_create(
        self, application: Any, fields: dict[str, Any], error: StormpathError
    ) -> FixtureError:
        if error.status == _NOT_FOUND:
            hint = (
                " The emulator is reset before every test, which keeps the applications it "
                "provisioned on a name look-up but removes those a test or fixture created: a "
                "Flask app kept across tests (created at import time, or by an `app` fixture "
                "wider than the function scope) keeps the application it looked up in an "
                "earlier test; create the app in a function-scoped `app` fixture, or let the "
                "emulator provision its application (--stormpath-fake)."
                if self.offline
                else ""
            )
            return FixtureError(
                f"{self.who}: the application {application.href} ({application.name!r}) "
                f"no longer exists.{hint}"
            )
        if error.code == _NO_DEFAULT_ACCOUNT_STORE:
            return FixtureError(
                f"{self.who}: the application {application.name!r} has no default account "
                "store, so there is nowhere to create the account; map a directory to it as "
                "the default account store"
            )
        return FixtureError(
            f"{self.who}: Stormpath refused to create the account {fields['email']!r} "
            f"in the application {application.name!r}: {_describe(error)}"
        )

    def group(self, name: str) -> Any:
        """The application's group called ``name``, created when missing."""
        with self._context() as application:
            return self._group(application, name)

    def _group(self, application: Any, name: str) -> Any:
        if name in self._groups:
            return self._groups[name]
        try:
            found = [g for g in application.groups.search({"name": name}) if g.name == name]
            if found:
                group = found[0]
            else:
                group = application.groups.create({"name": name})
                if self._track:
                    self._created_groups.append(group)
        except StormpathError as error:
            if error.code == _NO_DEFAULT_GROUP_STORE:
                raise FixtureError(
                    f"{self.who}: the application {application.name!r} has no default group "
                    f"store, so the group {name!r} cannot be created; map a directory to it as "
                    "the default group store"
                ) from error
            raise FixtureError(
                f"{self.who}: could not find or create the group {name!r} in the application "
                f"{application.name!r}: {_describe(error)}"
            ) from error
        self._groups[name] = group
        return group

    def _join(self, application: Any, user: User, name: str) -> None:
        group = self._group(application, name)
        try:
            user.add_group(group)
        except StormpathError as error:
            raise FixtureError(
                f"{self.who}: could not add {user.email!r} to the group {name!r}: "
                f"{_describe(error)}"
            ) from error

    def add_groups(self, user: User, names: Iterable[str]) -> None:
        """Make ``user`` a member of each group, creating the groups when missing."""
        with self._context() as application:
            for name in names:
                self._join(application, user, name)

    def cleanup(self) -> None:
        """Delete what this maker created (accounts first, then groups); 404s are fine."""
        leftovers: list[str] = []
        created = [*self._accounts, *reversed(self._created_groups)]
        with self.app.app_context() if created else contextlib.nullcontext():
            for resource in created:
                try:
                    resource.delete()
                except StormpathError as error:
                    if error.status != _NOT_FOUND:
                        leftovers.append(f"{resource.href}: {_describe(error)}")
        self._accounts.clear()
        self._created_groups.clear()
        self._groups.clear()
        if leftovers:
            raise FixtureError(
                f"{self.who}: could not delete what the test created: {'; '.join(leftovers)}"
            )


def log_in(app: Flask, client: FlaskClient, user: User, identifiers: dict[Hashable, str]) -> None:
    """Put ``user``'s Flask-Login session into ``client`` without any Stormpath call.

    Like Flask-Login's own ``FlaskLoginClient`` it writes ``_user_id`` (the account href) and
    ``_fresh``; it also writes the session-protection identifier ``_id`` computed for the
    client's own environ, so ``SESSION_PROTECTION = "strong"`` keeps the session too.
    ``identifiers`` caches those per generator and environ (the same in nearly every test).
    """
    manager = getattr(app, "login_manager", None)
    if manager is None:
        raise FixtureError(
            "logged_in_user: the Flask app has no Flask-Login LoginManager "
            "(StormpathManager(app) sets one up)"
        )
    # Flask-Login compares the session's `_id` with what this generator returns per request.
    generator = manager._session_identifier_generator
    environ = dict(client.environ_base)
    key = (generator, tuple(sorted(environ.items())))
    if key not in identifiers:
        with app.test_request_context(environ_base=environ):
            identifiers[key] = generator()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["_id"] = identifiers[key]
