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
