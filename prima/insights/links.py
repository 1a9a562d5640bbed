"""Where each duty is done: the staff page a board cell, a start-page line and the API's
`link` lead to. One mapping, so that the board, the start pages and the API agree."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from prima.insights.readiness import Duty


def duty_link(duty: str, unit_code: str, period_id: int | None = None) -> str:
    """The staff page on which `duty` is done for the unit `unit_code`; `period_id` is the
    survey period the SKM duties read, where there is one."""
    if duty in (Duty.STANDARDS, Duty.REVIEW, Duty.FKP):
        return reverse("manage:unit_standards", args=[unit_code])
    if duty == Duty.MAKLUMAT:
        return reverse("manage:maklumat_edit", args=[unit_code])
    if duty == Duty.FACILITIES:
        return reverse("manage:unit_facilities", args=[unit_code])
    if duty in (Duty.SKM_PUBLISHED, Duty.FOLLOWUP) and period_id is not None:
        return reverse("manage:survey_period", args=[period_id])
    if duty in (Duty.SKM, Duty.SKM_PUBLISHED, Duty.FOLLOWUP):
        return reverse("manage:unit_surveys", args=[unit_code])
    if duty == Duty.COMPLAINTS:
        return reverse("manage:complaint_queue") + f"?unit={unit_code}&status=overdue"
    if duty == Duty.INNOVATION:
        return reverse("manage:innovation_list") + f"?unit={unit_code}"
    # --- mpp:reach ---
    if duty == Duty.MPP:  # the MPP's staff page once its routes exist, else the unit's
        try:
            return reverse("manage:mpp_detail", args=[unit_code])
        except NoReverseMatch:
            return reverse("manage:unit_detail", args=[unit_code])
    # --- end mpp:reach ---
    raise ValueError(f"unknown duty {duty!r}")


def deadline_link(target: str, key: str, unit_code: str) -> str:
    """The page a Deadline row (prima.insights.models.Deadline) is done on."""
    if target == "standard" and key.isdigit():
        return reverse("manage:standard_detail", args=[int(key)])
    if target == "survey_period" and key.isdigit():
        return reverse("manage:survey_period", args=[int(key)])
    if target == "complaint" and key.isdigit():
        return reverse("manage:complaint_detail", args=[int(key)])
    if target == "surveys":
        return reverse("manage:unit_surveys", args=[unit_code])
    if target == "innovation" and key.isdigit():
        return reverse("manage:innovation_detail", args=[int(key)])
    return reverse("manage:unit_standards", args=[unit_code])


# Stand-ins for a unit code and a survey period in a link drawn once per request: 1,800
# reverse() calls for 200 units would take longer than the rest of the request. Unit codes
# are capitals, digits and hyphens (registry.models.unit_code_validator), so they need no
# quoting in a path or a query; a test compares every link with duty_link itself.
_CODE, _PERIOD = "XCODEX", 987654321


class DutyLinks:
    """duty_link for many units: each duty's link drawn once, with and without a survey
    period, and the unit's code and period put in. Make one per request."""

    def __init__(self) -> None:
        from prima.insights.readiness import DUTIES

        self.templates = {
            (duty, has_period): duty_link(duty, _CODE, _PERIOD if has_period else None)
            for duty in DUTIES
            for has_period in (False, True)
        }

    def __call__(self, duty: str, code: str, period: int | None, *, change: bool = True) -> str:
        """The link for `duty` of the unit `code`. The maklumat's page is an editing page: a
        reader who may not `change` the unit's records is sent to the unit's standards page,
        which shows the maklumat too."""
        if duty == Duty.MAKLUMAT and not change:
            duty = Duty.STANDARDS
        template = self.templates[duty, period is not None]
        if period is not None:
            template = template.replace(str(_PERIOD), str(int(period)))
        return template.replace(_CODE, code)
