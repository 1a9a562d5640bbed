"""Checks of Prima's own for Schemathesis (scripts/schemathesis.py loads this module through
SCHEMATHESIS_HOOKS): what an OpenAPI schema cannot say."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import schemathesis


@schemathesis.check
def xml_is_well_formed(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every XML answer (Open311's `.xml` endpoints) parses, whatever is stored: one control
    character in a title must not break every XML consumer."""
    content_type = ",".join(response.headers.get("content-type", [])).lower()
    if "xml" not in content_type:
        return None
    try:
        ET.fromstring(response.content)
    except ET.ParseError as error:
        raise AssertionError(f"The XML answer is not well-formed: {error}") from None
    return True
