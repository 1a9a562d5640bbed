"""Staff pages of the MPP app, assembled into the "manage" namespace by prima.urls."""

from __future__ import annotations

from prima.mpp import dashboard_urls, digital_urls, figures_urls, place_urls, quality_urls

urlpatterns = [
    *place_urls.manage,
    *figures_urls.manage,
    *quality_urls.manage,
    *digital_urls.manage,
    *dashboard_urls.manage,
]
