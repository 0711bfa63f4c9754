"""The one exception the plugin's helpers raise for a fixture that cannot do its job."""


class FixtureError(Exception):
    """A fixture could not do its job; the message says why in the test's terms."""
