"""WSGI entry point for gunicorn: `gunicorn prima.wsgi`."""

from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prima.settings")

application = get_wsgi_application()

# Everything loaded so far — Django, the apps, the boundaries' shapes, the catalogues — lives as
# long as the process: move it out of the garbage collector's generations, so that a full
# collection during a request walks only that request's objects. Without it a page that builds
# many small objects (every unit of a kind across a Wilayah) took 155 ms instead of 88 whenever
# a full collection fell into it (benchmarks/README.md, the national picture).
gc.freeze()
