"""``flask stormpath check``: validate the settings and find the application before serving."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from .errors import ConfigurationError, StormpathError
from .settings import check_settings

__all__ = ["stormpath_cli"]

stormpath_cli = AppGroup("stormpath", help="Flask-Stormpath commands.")


@stormpath_cli.command("check")
def check() -> None:
    """Check the settings, reach the API and find STORMPATH_APPLICATION (exit 1 on failure)."""
    try:
        check_settings(current_app.config)
        application = current_app.extensions["stormpath"].application
        click.echo(f'Stormpath application "{application.name}" found: {application.href}')
    except (ConfigurationError, StormpathError) as error:
        click.echo(f"Stormpath check failed: {error}", err=True)
        raise SystemExit(1) from error
