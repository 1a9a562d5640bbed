"""Public pages of the innovation app: the catalogue and an innovation's page
(registry_urls), competitions' results and the objection form (contest_urls)."""

from __future__ import annotations

from prima.innovation.contest_urls import public as contest_public
from prima.innovation.registry_urls import public as registry_public

app_name = "innovation"

urlpatterns = [*registry_public, *contest_public]
