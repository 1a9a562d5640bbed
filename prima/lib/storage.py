"""Where uploaded and generated files are kept: the server's disk by default, an S3-compatible
object store when PRIMA_STORAGE_URL names one (docs/deploy.md, "Object storage"; ADR 0021).

One setting holds the whole connection, so that every app server is configured alike:

    s3://ACCESS_KEY:SECRET_KEY@host[:port]/bucket[?region=...&secure=true&addressing=path]

- the access and secret keys are percent-encoded where needed (a secret with "/" or "+" is
  written %2F, %2B); leave both out to use the server's own credentials (an instance role, or
  AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment);
- `region` defaults to us-east-1, which SeaweedFS, MinIO and Garage accept;
- `secure` (true by default) says whether the endpoint speaks HTTPS;
- `addressing` is `path` (host/bucket/key, the default, which every S3-compatible server
  accepts) or `virtual` (bucket.host/key).

Objects are always private: nothing here can ask for a public ACL, and files are read back
through Prima (`prima.lib.uploads.serve`, the open-data views), never by a link to the store.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
UPLOADS = "media"  # the key prefix of uploaded files in the bucket
OPENDATA = "opendata"  # the storage alias and key prefix of the open-data builds
# A download larger than this is spooled to a temporary file, not held in memory.
SPOOL_BYTES = 2 * 1024 * 1024
# S3's bucket naming rules (3 to 63 lower-case letters, digits, dots and hyphens, starting and
# ending with a letter or digit), which every compatible server accepts.
BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
QUERY_KEYS = ("region", "secure", "addressing")
TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


def _refuse(message: str) -> ImproperlyConfigured:
    # Never echo the URL itself: it holds the secret key.
    return ImproperlyConfigured(f"PRIMA_STORAGE_URL: {message}")


def parse_storage_url(url: str) -> dict[str, Any]:
    """The options of django-storages' S3Storage for a PRIMA_STORAGE_URL, or
    ImproperlyConfigured saying what is wrong with it (the URL is never quoted back)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise _refuse("the port must be a number from 1 to 65535.") from error
    if parts.scheme != "s3":
        raise _refuse("it must start with s3:// (s3://KEY:SECRET@host:port/bucket).")
    if not parts.hostname:
        raise _refuse("name the server, e.g. s3://KEY:SECRET@s3.example.go.id/bucket.")
    if port == 0:
        raise _refuse("the port must be a number from 1 to 65535.")
    access_key = unquote(parts.username) if parts.username else None
    secret_key = unquote(parts.password) if parts.password else None
    if bool(access_key) != bool(secret_key):
        raise _refuse("give both the access key and the secret key (KEY:SECRET@), or neither.")
    bucket = parts.path.strip("/")
    if not bucket:
        raise _refuse("name the bucket after the host, e.g. .../prima.")
    if "/" in bucket:
        raise _refuse("the path is the bucket name only, without a folder.")
    if not BUCKET.fullmatch(bucket) or ".." in bucket:
        raise _refuse(
            "the bucket name must be 3 to 63 lower-case letters, digits, dots and hyphens."
        )
    if parts.fragment:
        raise _refuse("remove the part after '#'.")
    query: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False):
        if key not in QUERY_KEYS:
            raise _refuse(f"unknown option {key!r}; the options are {', '.join(QUERY_KEYS)}.")
        if key in query:
            raise _refuse(f"the option {key!r} is given twice.")
        query[key] = value
    secure_text = query.get("secure", "true").lower()
    if secure_text not in TRUE | FALSE:
        raise _refuse("secure must be true or false.")
    secure = secure_text in TRUE
    addressing = query.get("addressing", "path")
    if addressing not in {"path", "virtual"}:
        raise _refuse("addressing must be path or virtual.")
    region = query.get("region", "us-east-1")
    if not re.fullmatch(r"[a-z0-9-]{2,40}", region):
        raise _refuse("region must look like ap-southeast-3.")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = f"{host}:{port}" if port else host
    return {
        "access_key": access_key,
        "secret_key": secret_key,
        "bucket_name": bucket,
        "endpoint_url": f"{'https' if secure else 'http'}://{netloc}",
        "region_name": region,
        "addressing_style": addressing,
        "use_ssl": secure,
        # Private objects only. No ACL is sent: an object without one is private on every S3
        # server, and AWS refuses any ACL but the owner's in buckets whose ACLs are turned
        # off (Object Ownership "bucket owner enforced", the default since 2023), even
        # "private". No option here can ask for a public one; a link to an object (which
        # Prima never gives out) would be signed and expire.
        "default_acl": None,
        "querystring_auth": True,
        "max_memory_size": SPOOL_BYTES,
    }


def object_storages(url: str) -> dict[str, dict[str, Any]]:
    """The STORAGES entries for an object store: uploads ("default", under media/, never
    overwriting a name, as on disk) and the open-data builds ("opendata", under opendata/,
    whose pointer to the current build is overwritten by each build)."""
    options = parse_storage_url(url)
    return {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {**options, "location": UPLOADS, "file_overwrite": False},
        },
        OPENDATA: {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {**options, "location": OPENDATA, "file_overwrite": True},
        },
    }
