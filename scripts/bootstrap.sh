#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine: system packages
# (only when missing), a virtualenv in .venv, and the distribution with all extras.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# `--python-only` skips the system packages (enough to run the quickstart).
python_only=false
[ "${1:-}" = "--python-only" ] && python_only=true

# System packages: real Redis and memcached for the cache tests, Chromium for the page tests,
# Node for the conformance tests against Stormpath's own Node SDK, valgrind for the benchmarks'
# instruction counts.
need=()
if ! $python_only; then
command -v redis-server >/dev/null || need+=(redis-server)
command -v memcached >/dev/null || need+=(memcached)
command -v chromium >/dev/null || need+=(chromium)
command -v node >/dev/null || need+=(nodejs)
command -v valgrind >/dev/null || need+=(valgrind)
command -v npm >/dev/null || need+=(npm)
fi
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "bootstrap: installing ${need[*]} with apt" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[all]'
    touch "$stamp"
fi
