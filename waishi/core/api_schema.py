"""The OpenAPI schema's view of every endpoint: drf-spectacular's, plus the error answers every
endpoint can give, so that a client (and the schemathesis run in the tests) knows them:

- 403 for everyone: not logged in, or not allowed (`{"detail": "..."}`);
- 404 where the address names a record, or a list page that does not exist;
- 400 where input is read: a body to write, or a list's filters (`{"field": ["message"]}`,
  or `["message"]`).
"""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# By field name (or "non_field_errors"): the messages, or the errors of a nested record; or
# only messages, where the input as a whole is refused (a search with a NUL character).
INVALID = {
    "anyOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ]
}


class WaishiAutoSchema(AutoSchema):
    def _error(self, name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
        component = ResolvedComponent(  # type: ignore[no-untyped-call]
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return {
            "description": description,
            "content": {"application/json": {"schema": component.ref}},
        }

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        lists = self._is_list_view()
        if self.method in ("POST", "PUT", "PATCH") or lists:
            responses.setdefault(
                "400", self._error("ValidationErrors", INVALID, "The input is not valid.")
            )
        responses.setdefault(
            "403", self._error("ErrorDetail", DETAIL, "Not logged in, or not allowed.")
        )
        if "{" in self.path or lists:
            responses.setdefault("404", self._error("ErrorDetail", DETAIL, "No such record."))
        return responses
