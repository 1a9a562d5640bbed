from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Uploads go to a folder of their own per test, never into var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
