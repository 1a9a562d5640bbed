from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MppConfig(AppConfig):
    name = "prima.mpp"
    label = "mpp"
    verbose_name = _("Mal Pelayanan Publik")
