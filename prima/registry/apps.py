from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "prima.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from prima.registry import search_index

        search_index.connect()
        post_migrate.connect(_index_if_empty, sender=self, dispatch_uid="search-index")


def _index_if_empty(using: str = "default", **kwargs: Any) -> None:
    """After `migrate`: a database whose units predate the search index gets its rows (the
    rows are derived data; `prima search rebuild` does the same at any time)."""
    from prima.registry import search_index
    from prima.registry.models import SearchDocument, ServiceUnit

    if (
        ServiceUnit.objects.using(using).exists()
        and not SearchDocument.objects.using(using).exists()
    ):
        search_index.rebuild()
