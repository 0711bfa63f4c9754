"""Hrefs of one-time tokens (email verification, password reset) built from untrusted input.

A token usually arrives from a user (the ``sptoken`` of an emailed link), so it must never
steer a request: it becomes exactly one percent-quoted path segment of the expected collection.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from stormpath.error import Error

__all__ = ["token_href"]

# Path segments that URL libraries resolve away (requests even decodes ``%2E`` first): a
# request naming them would leave the collection, so they are refused before sending.
_UNSENDABLE = frozenset({"", ".", ".."})
# A token href has exactly one segment after the collection: none of these in it.
_NOT_IN_SEGMENT = ("/", "?", "#")


def token_href(collection: str, token: object, what: str) -> str:
    """The href of ``token`` in ``collection`` (the absolute href of the token collection).

    ``token`` is a bare token, or the token's full href in ``collection`` (as the API hands
    it out). Any other value, hrefs elsewhere included, is quoted as one path segment, so the
    API answers it like an unknown token (404).

    :param what: the token's kind for the error message, e.g. ``"password reset token"``.
    :raises stormpath.error.Error: (status and code 404, nothing sent) when no request could
        name a token: not a string, empty, ``.`` or ``..``.
    """
    if not isinstance(token, str):
        raise _invalid(what)
    prefix = collection + "/"
    rest = token[len(prefix) :]
    if token.startswith(prefix) and rest and not any(c in rest for c in _NOT_IN_SEGMENT):
        token = unquote(rest)  # re-quoted below: one canonical spelling
    if token in _UNSENDABLE:
        raise _invalid(what)
    return prefix + quote(token, safe="")


def _invalid(what: str) -> Error:
    return Error(
        status=404,
        code=404,
        message=f"The {what} is empty or not a token, so it was not sent to the API.",
    )
