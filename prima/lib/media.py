"""Where something was published: one vocabulary for every publication record in Prima (a
unit's standards and maklumat, a survey period's results), and which of the media are
electronic. PEKPPP counts media (3.a.T with SIPP Nasional apart, 7.a.T for the SKM) and asks
for publication on electronic and non-electronic media both (UU 25/2009 Pasal 22 for the
maklumat).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Medium(models.TextChoices):
    """Where something was published."""

    SIPPN = "sippn", _("SIPP Nasional")
    WEBSITE = "website", _("Website")
    SOCIAL = "social", _("Social media")
    APP = "app", _("Mobile application")
    NOTICE_BOARD = "notice_board", _("Notice board or banner at the unit")
    LEAFLET = "leaflet", _("Leaflet, booklet or poster")
    PRINT = "print", _("Newspaper or print media")
    BROADCAST = "broadcast", _("Radio or television")
    OTHER = "other", _("Other")


ELECTRONIC_MEDIA = frozenset(
    {Medium.SIPPN, Medium.WEBSITE, Medium.SOCIAL, Medium.APP, Medium.BROADCAST}
)


def is_electronic(medium: str) -> bool:
    """Whether a medium is electronic (the rest are printed or posted at the unit)."""
    return medium in ELECTRONIC_MEDIA
