"""The ``client`` fixture, registered only when pytest-flask (which has its own) is not active."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from pytest_stormpath.fixtures import app_from

if TYPE_CHECKING:
    from flask.testing import FlaskClient


@pytest.fixture
def client(request: pytest.FixtureRequest) -> FlaskClient:
    """A Flask test client for the ``app`` fixture (pytest-flask's convention; provided by
    pytest_stormpath because pytest-flask is not active)."""
    return app_from(request, "client").test_client()
