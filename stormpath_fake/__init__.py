"""A stateful emulator of the Stormpath REST API v1 for tests and local development."""

from .core import FakeStormpath

__all__ = ["FakeStormpath"]
