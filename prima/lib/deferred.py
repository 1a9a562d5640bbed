"""Work to do once the current response has been sent.

Django sends `request_finished` when the server closes the response, after the body has gone
to the client; a function registered here runs then, once, so that no one waits for it (e.g.
refreshing a cached figure that has become old). Outside a request it would wait for the next
one to finish, so callers use it only from views. Errors are logged, never raised: the
response is already sent.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.core.signals import request_finished

log = logging.getLogger(__name__)


def after_response(work: Callable[[], Any]) -> None:
    """Run `work` once, after the response to the current request has been sent."""
    uid = f"prima-after-response-{uuid.uuid4().hex}"

    def run(**_kwargs: Any) -> None:
        request_finished.disconnect(dispatch_uid=uid)
        try:
            work()
        except Exception:  # noqa: BLE001 - the response is sent; nothing else can report it
            log.exception("work after the response failed")

    request_finished.connect(run, weak=False, dispatch_uid=uid)
