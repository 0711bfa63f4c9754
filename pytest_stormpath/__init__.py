"""pytest plugin for Flask-Stormpath apps: ``pytest --stormpath-fake`` and one-line fixtures.

Loaded automatically (entry point ``pytest11``, name ``stormpath``; ``-p no:stormpath`` turns
it off). ``plugin`` holds the hooks and options, ``fixtures`` the public fixtures (see
``pytest --fixtures`` and docs/testing.md); ``users``, ``accounts``, ``emails`` and ``social``
the logic behind them, which does not import pytest.
"""
