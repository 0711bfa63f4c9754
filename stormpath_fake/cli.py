"""Command line: `stormpath-fake serve` runs the emulator as a standalone HTTP server.

On start it prints one `KEY: value` line per fact a script needs (base URL, API key, tenant and
application hrefs, where its fake Google and Facebook sign-in pages and token endpoints are),
then serves until SIGINT or SIGTERM and exits 0.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterable, Sequence
from types import FrameType

from stormpath_fake.core import FakeStormpath
from stormpath_fake.providers import OAuthProvider
from stormpath_fake.server import ServerHandle

__all__ = ["BANNER_KEYS", "main", "parse_banner"]

# The fake identity providers' endpoints an app is configured with
# (STORMPATH_GOOGLE_AUTHORIZE_URL, ...), as (banner key, provider, endpoint).
_PROVIDER_LINES = tuple(
    (f"{provider.upper()}_{endpoint.upper()}_URL", provider, endpoint)
    for provider in ("google", "facebook")
    for endpoint in ("authorize", "token")
)
# What `serve` prints on start, in this order, one `KEY: value` line each.
BANNER_KEYS = (
    "BASE_URL",
    "API_KEY_ID",
    "API_KEY_SECRET",
    "TENANT_HREF",
    "APPLICATION_HREF",
    *(key for key, _, _ in _PROVIDER_LINES),
)


class _Refused(ValueError):
    """A command-line value that cannot be used; the message says why."""


def parse_banner(lines: Iterable[str]) -> dict[str, str]:
    """Read `serve`'s start-up lines (e.g. a child's stdout) until every banner key is seen.

    Raises ValueError if the lines end first (the server failed to start).
    """
    facts: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.rstrip("\n").partition(": ")
        if sep and key in BANNER_KEYS:
            facts[key] = value
        if len(facts) == len(BANNER_KEYS):
            return facts
    raise ValueError(f"stormpath-fake serve stopped before printing {BANNER_KEYS}: got {facts}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stormpath-fake", description="A stateful emulator of the Stormpath REST API v1."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="serve the emulator over HTTP until interrupted",
        description="Serve the emulator over HTTP. On start, print one `KEY: value` line for each "
        f"of {', '.join(BANNER_KEYS)}; then serve until SIGINT or SIGTERM and exit 0.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    serve.add_argument("--port", type=int, default=0, help="port to bind (default 0: any free)")
    serve.add_argument("--api-key-id", help="tenant API key id to accept (with --api-key-secret)")
    serve.add_argument("--api-key-secret", help="secret of --api-key-id")
    serve.add_argument("--application", metavar="NAME", help="application to create if missing")
    serve.add_argument(
        "--auto-provision",
        action="store_true",
        help="accept any API key and create applications on first lookup by name",
    )
    serve.add_argument(
        "--deterministic-ids", action="store_true", help="generate reproducible resource ids"
    )
    serve.add_argument(
        "--log-requests", action="store_true", help="log one line per request on stderr"
    )
    serve.add_argument(
        "--social-client",
        action="append",
        default=[],
        metavar="PROVIDER:CLIENT_ID:CLIENT_SECRET:REDIRECT_URI",
        help="register an app with the fake google or facebook sign-in (repeatable), e.g. "
        "google:my-id:my-secret:http://127.0.0.1:5000/google",
    )
    serve.add_argument(
        "--social-identity",
        action="append",
        default=[],
        metavar="PROVIDER:EMAIL[:GIVEN_NAME[:SURNAME]]",
        help="a person who can sign in with the fake google or facebook (repeatable)",
    )
    return parser


def _provider(fake: FakeStormpath, option: str, value: str) -> tuple[OAuthProvider, list[str]]:
    """The provider `value` names before its first colon, and the fields after it."""
    name, _, rest = value.partition(":")
    found = {provider.provider_id: provider for provider in fake.providers}.get(name)
    if found is None or not rest:
        raise _Refused(
            f"{option} {value!r}: start with google: or facebook:, then the fields after it"
        )
    return found, rest.split(":", 2)


def _add_social(fake: FakeStormpath, clients: list[str], identities: list[str]) -> None:
    """Register the apps and people given on the command line with the fake providers."""
    for value in clients:
        provider, fields = _provider(fake, "--social-client", value)
        if len(fields) != 3 or not all(fields):
            raise _Refused(
                f"--social-client {value!r}: expected PROVIDER:CLIENT_ID:CLIENT_SECRET:REDIRECT_URI"
            )
        client_id, client_secret, redirect_uri = fields
        provider.add_client(client_id, client_secret, [redirect_uri])
    for value in identities:
        provider, fields = _provider(fake, "--social-identity", value)
        email, given_name, surname = [*fields, None, None][:3]
        if not email or "@" not in email:
            raise _Refused(f"--social-identity {value!r}: expected PROVIDER:EMAIL[:GIVEN:SURNAME]")
        provider.add_identity(email, given_name or None, surname or None)


def _application_href(fake: FakeStormpath, name: str | None) -> str:
    """Href of the application `name` (created if missing), or of the default one."""
    if name is None:
        return fake.application_href
    existing = fake.find_application(name)
    return existing if existing is not None else fake.create_application(name)


def _serve(args: argparse.Namespace) -> int:
    if (args.api_key_id is None) != (args.api_key_secret is None):
        print("stormpath-fake: --api-key-id and --api-key-secret go together", file=sys.stderr)
        return 2
    # Bind first: the emulator must know the real base URL (port 0) before it builds hrefs.
    try:
        handle = ServerHandle.bind(args.host, args.port)
    except OSError as error:
        print(f"stormpath-fake: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        fake = FakeStormpath(
            base_url=handle.base_url,
            deterministic_ids=args.deterministic_ids,
            auto_provision=args.auto_provision,
        )
        key_id, secret = fake.api_key_id, fake.api_key_secret
        if args.api_key_id is not None:
            key_id, secret = args.api_key_id, args.api_key_secret
            fake.add_api_key(key_id, secret)
        application_href = _application_href(fake, args.application)
        try:
            _add_social(fake, args.social_client, args.social_identity)
        except _Refused as refusal:
            print(f"stormpath-fake: {refusal}", file=sys.stderr)
            return 2
        handle.start(fake.wsgi_app, log_requests=args.log_requests)
        providers = {p.provider_id: p.urls(handle.base_url) for p in fake.providers}
        facts = (
            handle.base_url,
            key_id,
            secret,
            fake.tenant_href,
            application_href,
            *(providers[provider][endpoint] for _, provider, endpoint in _PROVIDER_LINES),
        )
        for key, value in zip(BANNER_KEYS, facts, strict=True):
            print(f"{key}: {value}")
        sys.stdout.flush()
        stop.wait()
    finally:
        handle.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `stormpath-fake` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    # "serve" is the only command; argparse rejects anything else.
    return _serve(args)


if __name__ == "__main__":
    sys.exit(main())
