"""The OpenAPI schema of the JSON API (drf-spectacular), with the errors each operation can
answer added in one place, from what the operation is. Kept apart from prima.lib.api, which
DRF imports while it starts (a pagination class), before drf-spectacular can be imported.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "What went wrong, in the reader's language.",
}
INVALID = {
    "type": "object",
    "additionalProperties": {},
    "description": (
        "The parameters or fields that were refused, each with its messages "
        '(`{"page_size": ["…"]}`), or a `detail`.'
    ),
}
ERRORS = {
    "400": ("Invalid parameters or fields.", "Invalid"),
    "401": (
        "The token is invalid, expired or revoked, or the endpoint needs one and none was given.",
        "Error",
    ),
    "403": ("The caller may not do this to an object they can see.", "Error"),
    "404": (
        "No such object, or outside the caller's scope; for lists, a page past the end.",
        "Error",
    ),
    "429": ("Too many requests: wait the number of seconds in Retry-After.", "Error"),
}
RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before trying again.",
    }
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's generator, plus the errors each operation can answer:

    - 401 and 429 everywhere (a bad token is refused on any endpoint; everyone is
      rate-limited);
    - 400 where there are query parameters or a body to refuse;
    - 404 where the path names an object, and on paginated lists (a page past the end);
    - 403 on writes.
    """

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for name, schema in (("Error", ERROR), ("Invalid", INVALID)):
            self.registry.register_on_missing(
                ResolvedComponent(
                    name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
                )
            )
        queries = [p for p in operation.get("parameters", []) if p["in"] == "query"]
        codes = {"401", "429"}
        if queries or "requestBody" in operation:
            codes.add("400")
        if "{" in self.path or any(p["name"] == "page" for p in queries):
            codes.add("404")
        if self.method not in SAFE_METHODS:
            codes.add("403")
        responses = operation["responses"]
        for code in sorted(codes):
            description, component = ERRORS[code]
            response: dict[str, Any] = {
                "description": description,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
                },
            }
            if code == "429":
                response["headers"] = RETRY_AFTER
            responses.setdefault(code, response)
        return operation
