from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "prima.standards"
    label = "standards"
    verbose_name = _("Service standards, maklumat and public consultation")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from prima.standards.models import ServiceStandard

        # The directory search indexes the requirements and products of a service's standard
        # in force (prima.registry.search_index, ADR 0014).
        for signal in (post_save, post_delete):
            signal.connect(_standard_changed, sender=ServiceStandard, dispatch_uid="search")


def _standard_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: `prima search rebuild` afterwards
        return
    from prima.registry import search_index

    search_index.services_changed([instance.service_id])
