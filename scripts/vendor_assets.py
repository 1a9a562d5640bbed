"""Copy the front-end libraries installed by `npm ci` into prima/static/vendor.

Only the files Prima serves are copied, with each library's licence, and a VENDOR.json
records name, version and licence of each so that an installation can say what it ships.
Nothing under prima/static/vendor is committed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

# Source maps are not shipped; a comment pointing at one would make Django's manifest
# storage (collectstatic in production) look for a file that is not there.
_SOURCE_MAP = re.compile(rb"\n?/[*/]# sourceMappingURL=[^\n]*")

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
TARGET = ROOT / "prima" / "static" / "vendor"

# package -> files to serve (relative to the package directory; served without "dist/")
FILES: dict[str, list[str]] = {
    "htmx.org": ["dist/htmx.min.js", "LICENSE"],
    "swagger-ui-dist": [
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "LICENSE",
        "NOTICE",
    ],
}


def main() -> None:
    if not NODE_MODULES.is_dir():
        raise SystemExit("node_modules is missing: run `npm ci --ignore-scripts` first.")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    manifest = {}
    for package, files in FILES.items():
        source = NODE_MODULES / package
        meta = json.loads((source / "package.json").read_text())
        for name in files:
            destination = TARGET / package / name.removeprefix("dist/")
            destination.parent.mkdir(parents=True, exist_ok=True)
            payload = (source / name).read_bytes()
            if destination.suffix in {".js", ".css"}:
                payload = _SOURCE_MAP.sub(b"", payload)
            destination.write_bytes(payload)
        manifest[package] = {"version": meta["version"], "license": meta.get("license")}
    (TARGET / "VENDOR.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print("Vendored", ", ".join(f"{k} {v['version']}" for k, v in manifest.items()))


if __name__ == "__main__":
    main()
