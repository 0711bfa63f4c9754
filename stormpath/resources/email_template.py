"""Email templates of a directory's workflows (``/emailTemplates/{id}``).

Reached through the directory's policies, e.g.
``directory.password_policy.reset_email_templates[0]``; ``default_model['linkBaseUrl']`` is
where the emailed link points (``<linkBaseUrl>?sptoken=<token>``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stormpath.resources.base import CollectionResource, Resource

__all__ = ["DefaultModel", "EmailTemplate", "EmailTemplateList"]


class DefaultModel(dict[str, Any]):
    """A template's ``defaultModel``: a dict whose changes mark its template as changed, so
    ``template.default_model['linkBaseUrl'] = url; template.save()`` sends it."""

    def __init__(self, template: EmailTemplate, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data or {})
        self._template = template

    def _changed(self) -> None:
        self._template._dirty["defaultModel"] = self

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self._changed()

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        self[key] = default
        return default

    def pop(self, key: str, *default: Any) -> Any:
        held = key in self
        value = super().pop(key, *default)
        if held:
            self._changed()
        return value

    def popitem(self) -> tuple[str, Any]:
        item = super().popitem()
        self._changed()
        return item

    def clear(self) -> None:
        super().clear()
        self._changed()

    def __ior__(self, other: Any) -> DefaultModel:  # type: ignore[override,misc]
        self.update(other)
        return self


class EmailTemplate(Resource):
    """The mail one workflow sends: sender, subject, bodies and the link's base URL.

    ``mime_type`` is ``text/plain``, ``text/html`` or ``multipart/alternative``.
    """

    MIME_TYPE_PLAIN_TEXT = "text/plain"
    MIME_TYPE_HTML = "text/html"
    MIME_TYPE_MULTIPART = "multipart/alternative"

    writable_attrs = frozenset(
        {
            "from_email_address",
            "from_name",
            "subject",
            "html_body",
            "text_body",
            "mime_type",
            "default_model",
        }
    )

    @property
    def default_model(self) -> DefaultModel:
        """Template variables (``linkBaseUrl``); edit in place, then ``save()``."""
        pending = self._dirty.get("defaultModel")
        if isinstance(pending, DefaultModel):
            return pending
        model = self.__dict__.get("_model")
        if model is None:
            held = self._get("default_model")
            model = DefaultModel(self, held if isinstance(held, Mapping) else None)
            # The same object on every read, so edits through any reference add up.
            self.__dict__["_model"] = model
        return model

    @default_model.setter
    def default_model(self, value: Mapping[str, Any]) -> None:
        self.__dict__["_model"] = None
        DefaultModel(self, value)._changed()

    def _apply_server(self, data: Mapping[str, Any]) -> None:
        super()._apply_server(data)
        self.__dict__["_model"] = None  # re-read from the new data


class EmailTemplateList(CollectionResource):
    """A policy's templates for one workflow (the API holds one per workflow)."""

    item_class = "EmailTemplate"
