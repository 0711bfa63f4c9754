"""The plugin's per-process state: which mode is on, and the emulator it runs in fake mode.

One :class:`StormpathSession` lives in ``config.stash`` for a whole pytest run (one per xdist
worker); nothing here is a module-level global and nothing imports pytest. The plugin is loaded
by every pytest run where this distribution is installed, so heavy imports wait until needed.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from pytest_stormpath.users import UserFactory

if TYPE_CHECKING:
    from flask import Flask

    from stormpath_fake import FakeStormpath

PUBLIC_BASE_URL = "https://api.stormpath.com/v1"
ENV_SWITCH = "STORMPATH_FAKE"
ENV_BASE_URL = "STORMPATH_BASE_URL"
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Mode:
    """Whether the run is offline on the emulator, and whether it auto-provisions."""

    fake: bool
    strict: bool = False
    # What switched fake mode on, for the report header.
    source: str = ""

    @classmethod
    def resolve(cls, *, flag: bool, strict_flag: bool, ini: bool, env: str | None = None) -> Mode:
        """Combine the command line, the ini file and ``STORMPATH_FAKE`` (first one set wins)."""
        if strict_flag:
            return cls(fake=True, strict=True, source="--stormpath-fake-strict")
        if flag:
            return cls(fake=True, source="--stormpath-fake")
        if ini:
            return cls(fake=True, source="ini stormpath_fake")
        if (env or "").strip().lower() in _TRUE:
            return cls(fake=True, source=f"{ENV_SWITCH}={env}")
        return cls(fake=False)

    def describe(self) -> str:
        """One line for the report header."""
        if not self.fake:
            return (
                "stormpath: real service (fixtures delete what they create; "
                "--stormpath-fake runs offline)"
            )
        provisioning = (
            "strict: only what tests set up exists"
            if self.strict
            else "auto-provision: any API key, applications created on first look-up"
        )
        return f"stormpath: fake, in-process emulator ({provisioning}) [{self.source}]"


@dataclass
class StormpathSession:
    """Everything the fixtures share for one run: the mode, the emulator, the user factory."""

    mode: Mode
    users: UserFactory = field(default_factory=UserFactory)
    fake: FakeStormpath | None = None
    # Flask-Login session identifiers, per generator and client environ (see accounts.log_in).
    identifiers: dict[Hashable, str] = field(default_factory=dict)
    # Per app: the STORMPATH_APPLICATION it had and the href the emulator knows it by (see
    # AccountMaker), found and handed to the app's client once.
    fake_applications: WeakKeyDictionary[Flask, tuple[Any, str | None]] = field(
        default_factory=WeakKeyDictionary
    )
    _server: Any = None

    def start(self) -> None:
        """Start the emulator (fake mode only) on the public URL and ``$STORMPATH_BASE_URL``."""
        if not self.mode.fake or self.fake is not None:
            return
        # Imported here so that runs without the fake do not load the emulator.
        from stormpath_fake import FakeStormpath

        self.fake = FakeStormpath(PUBLIC_BASE_URL, auto_provision=not self.mode.strict)
        self.fake.start()
        env_url = os.environ.get(ENV_BASE_URL)
        if env_url:
            self.intercept(env_url)

    def intercept(self, base_url: str | None) -> None:
        """Serve one more base URL in-process (a no-op outside fake mode or when already served)."""
        if self.fake is not None and base_url:
            self.fake.intercept(base_url)

    def server(self) -> Any:
        """The loopback HTTP server sharing the emulator's state, started on first use."""
        if self.fake is None:
            raise RuntimeError("the Stormpath emulator is not running")
        if self._server is None:
            self._server = self.fake.serve()
        return self._server

    def stop(self) -> None:
        """Stop the server and the emulator."""
        if self._server is not None:
            self._server.stop()
            self._server = None
        if self.fake is not None:
            self.fake.stop()
            self.fake = None
