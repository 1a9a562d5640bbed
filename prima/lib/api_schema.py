"""The OpenAPI schema of the JSON API (drf-spectacular), with what every operation shares added
in one place, from what the operation is. Kept apart from prima.lib.api, which DRF imports
while it starts (a pagination class), before drf-spectacular can be imported.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent

from prima.lib.text import WITHOUT_CONTROL

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
ERRORS: dict[str, tuple[str, str | None]] = {
    "400": (
        "Invalid parameters or fields, or characters that cannot be read (control characters) "
        "in the address or the body.",
        "Invalid",
    ),
    "401": (
        "The token is invalid, expired or revoked, or the endpoint needs one and none was given.",
        "Error",
    ),
    "403": ("The caller may not do this to an object they can see.", "Error"),
    "404": (
        "No such object, or outside the caller's scope (also one named in the body); for "
        "lists, a page past the end.",
        "Error",
    ),
    "414": ("The address is too long for the server (about 4,000 characters).", None),
    "429": ("Too many requests: wait the number of seconds in Retry-After.", "Error"),
}
RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before trying again.",
    }
}


def error_codes(method: str, path: str, parameters: list[dict[str, Any]], body: bool) -> set[str]:
    """The error statuses an operation can answer, from its method, path and parameters:

    - 401 and 429 everywhere (a bad token is refused on any endpoint; everyone is
      rate-limited);
    - 400 where there are parameters or a body to refuse;
    - 404 where the path names an object, on paginated lists (a page past the end) and on
      writes (an object named in the body that the caller cannot see);
    - 403 on writes;
    - 414 where a query string can outgrow the server's request line.
    """
    queries = [p for p in parameters if p["in"] == "query"]
    codes = {"401", "429"}
    if parameters or body:
        codes.add("400")
    if "{" in path or any(p["name"] == "page" for p in queries):
        codes.add("404")
    if method not in SAFE_METHODS:
        codes |= {"403", "404"}
    if queries:
        codes.add("414")
    return codes


EMPTY = {"type": "string", "maxLength": 0, "description": "empty: as if not given"}


def _takes_empty(schema: dict[str, Any]) -> bool:
    """Whether the empty string already fits a parameter's schema."""
    if schema.get("type") != "string" or schema.get("minLength", 0) > 0:
        return False
    if "enum" in schema:
        return "" in schema["enum"]
    pattern = schema.get("pattern")
    return pattern is None or re.search(pattern, "") is not None


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's generator, plus what every operation shares: string parameters never
    hold control characters (prima.lib.text; the input boundary refuses them with a 400), any
    optional query parameter may be given empty (meaning "not given"), and the errors of
    `error_codes`."""

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
        parameters = operation.get("parameters", [])
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "string" and "enum" not in schema:
                schema.setdefault("pattern", WITHOUT_CONTROL)
            if (
                parameter["in"] == "query"
                and not parameter.get("required")
                and not _takes_empty(schema)
            ):
                # An empty value means "not given" (prima.lib.api.query_params), which a
                # required parameter cannot be.
                parameter["schema"] = {"anyOf": [schema, EMPTY]}
        codes = error_codes(self.method, self.path, parameters, "requestBody" in operation)
        responses = operation["responses"]
        for code in sorted(codes):
            description, component = ERRORS[code]
            response: dict[str, Any] = {"description": description}
            if component:
                response["content"] = {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
                }
            if code == "429":
                response["headers"] = RETRY_AFTER
            responses.setdefault(code, response)
        return operation
