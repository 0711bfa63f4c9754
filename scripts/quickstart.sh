#!/usr/bin/env bash
# Runs examples/quickstart/app.py on the embedded Stormpath emulator: no Stormpath account and
# no network needed. The emulator listens on 127.0.0.1:${FAKE_PORT:-5001}, the app on
# http://127.0.0.1:${PORT:-5000}, with Google login through the emulator's fake Google (where
# Grace Hopper, grace@example.com, can sign in). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --python-only

fake_port=${FAKE_PORT:-5001}
port=${PORT:-5000}
new_secret() { .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))'; }
key_id=quickstart-key
key_secret=$(new_secret)
google_id=quickstart-google
google_secret=$(new_secret)
log=$(mktemp)
# The app's Google client may come back to either name of the loopback host.
.venv/bin/stormpath-fake serve --host 127.0.0.1 --port "$fake_port" \
    --api-key-id "$key_id" --api-key-secret "$key_secret" --application "My Application" \
    --social-client "google:$google_id:$google_secret:http://127.0.0.1:$port/google" \
    --social-client "google:$google_id:$google_secret:http://localhost:$port/google" \
    --social-identity "google:grace@example.com:Grace:Hopper" >"$log" &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null; rm -f "$log"' EXIT
# The banner's last line says the emulator is serving.
for _ in $(seq 50); do grep -q '^FACEBOOK_TOKEN_URL' "$log" && break; sleep 0.1; done
banner() { sed -n "s/^$1: //p" "$log"; }
base_url=$(banner BASE_URL)
[ -n "$base_url" ] || { echo "the emulator did not start:" >&2; cat "$log" >&2; exit 1; }
echo "Stormpath emulator: $base_url (API key $key_id)"
echo "Google login: sign in on the emulator's fake Google as Grace Hopper (grace@example.com)"

export STORMPATH_BASE_URL=$base_url STORMPATH_API_KEY_ID=$key_id STORMPATH_API_KEY_SECRET=$key_secret
export STORMPATH_APPLICATION="My Application"
export STORMPATH_GOOGLE_CLIENT_ID=$google_id STORMPATH_GOOGLE_CLIENT_SECRET=$google_secret
export STORMPATH_GOOGLE_AUTHORIZE_URL=$(banner GOOGLE_AUTHORIZE_URL)
export STORMPATH_GOOGLE_TOKEN_URL=$(banner GOOGLE_TOKEN_URL)
export SECRET_KEY=${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')}
.venv/bin/flask --app examples/quickstart/app.py run --host 127.0.0.1 --port "$port"
