"""PRIMA_STORAGE_URL: what each form means to the S3 backend, and what is refused and why
(prima/lib/storage.py, docs/deploy.md "Object storage")."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from prima.lib.storage import object_storages, parse_storage_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "s3://KEY:SECRET@127.0.0.1:8333/prima?secure=false",
            {
                "access_key": "KEY",
                "secret_key": "SECRET",
                "bucket_name": "prima",
                "endpoint_url": "http://127.0.0.1:8333",
                "region_name": "us-east-1",
                "addressing_style": "path",
                "use_ssl": False,
            },
        ),
        (
            "s3://AKIA1:se%2Fcr%2Bet%3D@s3.ap-southeast-3.amazonaws.com/prima-files"
            "?region=ap-southeast-3&addressing=virtual",
            {
                "access_key": "AKIA1",
                "secret_key": "se/cr+et=",
                "bucket_name": "prima-files",
                "endpoint_url": "https://s3.ap-southeast-3.amazonaws.com",
                "region_name": "ap-southeast-3",
                "addressing_style": "virtual",
                "use_ssl": True,
            },
        ),
        (  # no keys: the server's own credentials (an instance role, AWS_* variables)
            "s3://minio.internal:9000/prima.backup/?secure=TRUE",
            {
                "access_key": None,
                "secret_key": None,
                "bucket_name": "prima.backup",
                "endpoint_url": "https://minio.internal:9000",
            },
        ),
        ("s3://k:s@[::1]:8333/prima?secure=0", {"endpoint_url": "http://[::1]:8333"}),
    ],
)
def test_a_storage_url_becomes_the_s3_backend_s_options(url, expected):
    options = parse_storage_url(url)
    assert {key: options[key] for key in expected} == expected
    # Whatever the URL, no ACL is set (objects stay private) and links (never given out)
    # would be signed.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "must start with s3://"),
        ("https://k:s3cr3tvalue@host/prima", "must start with s3://"),
        ("s3:///prima", "name the server"),
        ("s3://k:s3cr3tvalue@host:http/prima", "port must be a number"),
        ("s3://k:s3cr3tvalue@host:0/prima", "port must be a number"),
        ("s3://k:s3cr3tvalue@host:70000/prima", "port must be a number"),
        ("s3://KEY@host/prima", "both the access key and the secret key"),
        ("s3://:s3cr3tvalue@host/prima", "both the access key and the secret key"),
        ("s3://k:s3cr3tvalue@host", "name the bucket"),
        ("s3://k:s3cr3tvalue@host/", "name the bucket"),
        ("s3://k:s3cr3tvalue@host/prima/uploads", "bucket name only"),
        ("s3://k:s3cr3tvalue@host/Prima", "lower-case"),
        ("s3://k:s3cr3tvalue@host/pr", "lower-case"),
        ("s3://k:s3cr3tvalue@host/prima_files", "lower-case"),
        ("s3://k:s3cr3tvalue@host/prima..files", "lower-case"),
        ("s3://k:s3cr3tvalue@host/prima#x", "after '#'"),
        ("s3://k:s3cr3tvalue@host/prima?acl=public-read", "unknown option 'acl'"),
        ("s3://k:s3cr3tvalue@host/prima?region=a&region=b", "given twice"),
        ("s3://k:s3cr3tvalue@host/prima?secure=maybe", "secure must be true or false"),
        ("s3://k:s3cr3tvalue@host/prima?addressing=dns", "addressing must be path or virtual"),
        ("s3://k:s3cr3tvalue@host/prima?region=Jakarta%201", "region must look like"),
    ],
)
def test_a_bad_storage_url_is_refused_saying_why_without_the_secret(url, message):
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        parse_storage_url(url)
    assert str(refused.value).startswith("PRIMA_STORAGE_URL: ")
    assert "s3cr3tvalue" not in str(refused.value)


def test_uploads_and_open_data_get_their_own_prefix_and_only_uploads_never_overwrite():
    found = object_storages("s3://k:s@127.0.0.1:8333/prima?secure=false")
    assert set(found) == {"default", "opendata"}
    assert found["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert found["default"]["OPTIONS"]["location"] == "media"
    assert found["default"]["OPTIONS"]["file_overwrite"] is False
    assert found["opendata"]["OPTIONS"]["location"] == "opendata"
    assert found["opendata"]["OPTIONS"]["file_overwrite"] is True  # current.json is replaced
