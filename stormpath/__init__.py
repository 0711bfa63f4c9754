"""Stormpath REST client: a drop-in for the stormpath-sdk-python 2.x API used by Flask-Stormpath.

Import the client from `stormpath.client`; this module stays light on purpose.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("Flask-Stormpath")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "1.0.0.dev0"

__all__ = ["__version__"]
