"""Fake Google and Facebook identity providers for offline social login.

``FakeStormpath`` owns one of each (``fake.google``, ``fake.facebook``): they share its clock,
and every access token they issue is taught to the Stormpath emulator, so ``POST {app}/accounts``
with ``providerData`` finds the person the token stands for.
"""

from .base import Identity, OAuthClient, OAuthProvider
from .facebook import FakeFacebook
from .google import FakeGoogle

__all__ = ["FakeFacebook", "FakeGoogle", "Identity", "OAuthClient", "OAuthProvider"]
