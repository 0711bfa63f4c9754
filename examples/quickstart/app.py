"""The Flask-Stormpath quickstart: a public page and a secret one behind a login.

Configure it through the environment (so a script can point it at ``stormpath-fake serve``):

- ``STORMPATH_API_KEY_ID`` and ``STORMPATH_API_KEY_SECRET``, or ``STORMPATH_API_KEY_FILE``
  (the path of an ``apiKey.properties`` file);
- ``STORMPATH_APPLICATION`` (default "My Application");
- ``STORMPATH_BASE_URL`` (default: the public Stormpath API);
- ``SECRET_KEY`` (signs the session; a random one is made when unset, so logins do not survive
  a restart);
- ``STORMPATH_GOOGLE_CLIENT_ID`` and ``STORMPATH_GOOGLE_CLIENT_SECRET`` switch Google login on
  (``STORMPATH_GOOGLE_AUTHORIZE_URL`` and ``STORMPATH_GOOGLE_TOKEN_URL`` point it at another
  Google, such as the emulator's fake one).

Run it with ``flask --app examples/quickstart/app.py run`` or ``python examples/quickstart/app.py``.
"""

from __future__ import annotations

import os
import secrets

from flask import Flask
from markupsafe import escape

from flask_stormpath import StormpathManager, login_required, user

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
app.config["STORMPATH_APPLICATION"] = os.environ.get("STORMPATH_APPLICATION", "My Application")
if os.environ.get("STORMPATH_API_KEY_FILE"):
    app.config["STORMPATH_API_KEY_FILE"] = os.environ["STORMPATH_API_KEY_FILE"]
else:
    app.config["STORMPATH_API_KEY_ID"] = os.environ.get("STORMPATH_API_KEY_ID")
    app.config["STORMPATH_API_KEY_SECRET"] = os.environ.get("STORMPATH_API_KEY_SECRET")
if os.environ.get("STORMPATH_BASE_URL"):
    app.config["STORMPATH_BASE_URL"] = os.environ["STORMPATH_BASE_URL"]
if os.environ.get("STORMPATH_GOOGLE_CLIENT_ID"):
    app.config["STORMPATH_ENABLE_GOOGLE"] = True
    app.config["STORMPATH_SOCIAL"] = {
        "GOOGLE": {
            "client_id": os.environ["STORMPATH_GOOGLE_CLIENT_ID"],
            "client_secret": os.environ.get("STORMPATH_GOOGLE_CLIENT_SECRET"),
        }
    }
    for endpoint in ("STORMPATH_GOOGLE_AUTHORIZE_URL", "STORMPATH_GOOGLE_TOKEN_URL"):
        if os.environ.get(endpoint):
            app.config[endpoint] = os.environ[endpoint]

stormpath_manager = StormpathManager(app)


@app.route("/")
def home() -> str:
    """Anyone may see this page."""
    return (
        "<h1>Hello, world!</h1>"
        '<p><a href="/secret">See the secret page</a> · <a href="/register">Register</a> · '
        '<a href="/login">Log in</a> · <a href="/logout">Log out</a></p>'
    )


@app.route("/secret")
@login_required
def secret() -> str:
    """Only logged-in users see this page."""
    return f"<h1>Secret page</h1><p>You are logged in as {escape(user.email)}.</p>"


if __name__ == "__main__":
    app.run()
