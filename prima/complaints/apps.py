from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "prima.complaints"
    label = "complaints"
    verbose_name = _("Complaints (SP4N-LAPOR!)")
