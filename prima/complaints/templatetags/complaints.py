"""Template helpers of the complaint pages."""

from __future__ import annotations

import datetime as dt

from django import template

from prima.complaints.models import Complaint

register = template.Library()


@register.filter
def overdue(complaint: Complaint, now: dt.datetime) -> bool:
    """`{% if complaint|overdue:now %}`: Complaint.is_overdue, for a page of a list."""
    return complaint.is_overdue(now)


@register.filter
def code_groups(code: str) -> list[str]:
    """`PRM-2612-000123` → `["PRM-", "2612-", "000123"]`: the groups of a number or code, each
    kept on one line by the page (a code never wraps inside a group)."""
    parts = code.split("-")
    return [f"{part}-" for part in parts[:-1]] + parts[-1:]
