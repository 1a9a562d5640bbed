"""Staff pages of the innovation app, assembled into the "manage" namespace by prima.urls."""

from __future__ import annotations

from prima.innovation.contest_urls import manage as contest_manage
from prima.innovation.registry_urls import manage as registry_manage

urlpatterns = [*registry_manage, *contest_manage]
