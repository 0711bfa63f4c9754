#!/usr/bin/env bash
# Installs everything (see bootstrap.sh), then runs the linters, the type checker and the
# whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
exec .venv/bin/pytest -p xdist -n 2 "$@"
