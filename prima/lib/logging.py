"""JSON log lines: one object per record, UTC time, the request id when there is one."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from prima.lib.context import get_request_info


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            # getMessage() interpolates arguments; the result is JSON-escaped below, so a
            # newline in user input cannot forge a second log line (ASVS 5.0 16.4.1).
            "message": record.getMessage(),
        }
        info = get_request_info()
        if info is not None:
            entry["request_id"] = info.request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
