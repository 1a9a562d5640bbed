"""A cycle's results as files prepared in the background (ADR 0020, "Exports"): the workbook
and the issued PDF of `/manage/evaluation/<pk>/results.xlsx|pdf`, built by the functions the
direct download calls, under the same access rule (the cycle, and the lokus the reader sees in
it). Registered with prima.jobs.exports when the app is loaded."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.accounts.models import User
from prima.evaluation import access as evaluation_access
from prima.evaluation import documents, queries
from prima.evaluation.models import Cycle
from prima.jobs.exports import register_formats

Params = dict[str, Any]

# Results over more lokus than this are prepared in the background: 2,000 lokus (a PEKPPP
# Nasional year) take 12 s as PDF and 1.5 s as XLSX; 200 about a tenth of that.
DIRECT_LOKUS = 200


def deferred(cycle: Cycle, within: Any) -> bool:
    return queries.scored_lokus(cycle, within).count() > DIRECT_LOKUS


def clean(params: Params) -> Params:
    try:
        return {"cycle": int(params.get("cycle", ""))}
    except ValueError:
        raise ValueError("cycle") from None


def _view(user: User, params: Params) -> tuple[Cycle, Any]:
    cycle, _rights = evaluation_access.get_cycle_for_user(user, params["cycle"])
    return cycle, evaluation_access.lokus_in_view(user, cycle)


def access(user: User, params: Params) -> Params:
    """The results view's rule: the cycle (a 404 when the reader may not see it) and which of
    its lokus they see — all, or a set named by a digest of their ids."""
    _cycle, within = _view(user, params)
    if within is None:
        return {"lokus": "all"}
    ids = ",".join(str(pk) for pk in sorted(within.values_list("pk", flat=True)))
    return {"lokus": hashlib.sha256(ids.encode()).hexdigest()}


def build(fmt: str, user: User, params: Params) -> bytes:
    cycle, within = _view(user, params)
    if fmt == "pdf":
        return documents.issued_results_pdf(cycle, within, actor=user)
    return documents.results_xlsx(cycle, within)


def title(fmt: str, params: Params) -> str:
    cycle = Cycle.objects.get(pk=params["cycle"])
    return f"{_('Evaluation results')}: {cycle.name} ({fmt.upper()})"


def filename(params: Params) -> str:
    return documents.results_filename(Cycle.objects.get(pk=params["cycle"]))


def register_kinds() -> None:
    register_formats(
        "evaluation-results",
        {
            "pdf": gettext_lazy("Evaluation results (PDF)"),
            "xlsx": gettext_lazy("Evaluation results (XLSX)"),
        },
        clean=clean,
        access=access,
        build=build,
        title=title,
        filename=filename,
    )
