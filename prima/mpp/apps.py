from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MppConfig(AppConfig):
    name = "prima.mpp"
    label = "mpp"
    verbose_name = _("Mal Pelayanan Publik")

    def ready(self) -> None:
        # The complaints app sits below this one and knows nothing of MPPs: a complaint filed
        # on an MPP's unit is recorded with its tenant here (prima.mpp.quality_actions).
        from django.db.models.signals import post_save

        from prima.mpp.quality_actions import complaint_saved

        post_save.connect(
            complaint_saved, sender="complaints.Complaint", dispatch_uid="mpp-complaint-at-mpp"
        )
