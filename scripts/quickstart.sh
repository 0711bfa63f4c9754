#!/usr/bin/env bash
# Runs examples/quickstart/app.py on the embedded Stormpath emulator: no Stormpath account and
# no network needed. The emulator listens on 127.0.0.1:${FAKE_PORT:-5001}, the app on
# http://127.0.0.1:${PORT:-5000}. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --python-only

fake_port=${FAKE_PORT:-5001}
key_id=quickstart-key
key_secret=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))')
log=$(mktemp)
.venv/bin/stormpath-fake serve --host 127.0.0.1 --port "$fake_port" \
    --api-key-id "$key_id" --api-key-secret "$key_secret" --application "My Application" >"$log" &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q '^BASE_URL' "$log" && break; sleep 0.1; done
base_url=$(sed -n 's/^BASE_URL: //p' "$log")
[ -n "$base_url" ] || { echo "the emulator did not start:" >&2; cat "$log" >&2; exit 1; }
echo "Stormpath emulator: $base_url (API key $key_id)"

export STORMPATH_BASE_URL=$base_url STORMPATH_API_KEY_ID=$key_id STORMPATH_API_KEY_SECRET=$key_secret
export STORMPATH_APPLICATION="My Application"
export SECRET_KEY=${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')}
.venv/bin/flask --app examples/quickstart/app.py run --host 127.0.0.1 --port "${PORT:-5000}"
