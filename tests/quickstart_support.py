"""Loading the unmodified quickstart example, shared by the Flask and browser suites."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

QUICKSTART = Path(__file__).resolve().parents[1] / "examples" / "quickstart" / "app.py"


def load_quickstart(module_name: str = "quickstart_app") -> ModuleType:
    """Import examples/quickstart/app.py afresh (it reads its settings from the environment)."""
    spec = importlib.util.spec_from_file_location(module_name, QUICKSTART)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
