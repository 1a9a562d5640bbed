"""Page weight (issue 22, item 8): what a phone downloads on a first visit to each public page.

`python -m benchmarks.page_weight [--save]` (run by `make bench`) migrates a throw-away SQLite
database, loads the demo (`seed_demo`, then `opendata build`) and asks each public page as a
browser with an empty cache would — a new client, `Accept-Encoding: gzip, deflate, br` — then
every stylesheet, script, image and icon the page names (`<link href>`, `<script src>`,
`<img src>`, `<source srcset>`, and `url(…)` in the stylesheets). The bytes counted are the
bodies as sent: gzipped where Prima compresses (ADR 0013), as they are otherwise; headers are
left out. Static files are served as in the demo, gzipped on the way out at Django's level 6;
production's, gzipped at `collectstatic` at level 9, are a few per cent smaller. Target: under
50 KB per page. With --save the results go to benchmarks/results/<date>-page-weight.json with
a description of the machine. A benchmark is not a test: nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
TARGET_BYTES = 50 * 1024
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
UNIT = "8104-DUKCAPIL"


class _Assets(HTMLParser):
    """The files a browser fetches to draw the page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").split()
        if tag == "link" and {"stylesheet", "icon", "preload", "modulepreload"} & set(rel):
            self.urls.append(a["href"])
        elif tag in {"script", "img", "source", "audio", "video"} and a.get("src"):
            self.urls.append(a["src"])
        elif tag in {"img", "source"} and a.get("srcset"):
            self.urls.extend(part.split()[0] for part in a["srcset"].split(",") if part.strip())
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])


def _setup() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="prima-bench-weight-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'weight.sqlite3'}")
    os.environ.setdefault("PRIMA_OPENDATA_DIR", str(tmp / "opendata"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prima.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("compile_translations", verbosity=0)
    call_command("seed_demo", verbosity=0)
    call_command("opendata", "build", verbosity=0)


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _get(path: str):
    from django.test import Client

    return Client().get(path, **GZIP)  # a new client: no cookie, nothing cached


def _first_link(path: str, pattern: str) -> str | None:
    import gzip

    response = _get(path)
    body = _body(response)
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    parser = _Assets()
    parser.feed(body.decode())
    for href in parser.links:
        url = urlsplit(urljoin(path, href)).path
        if re.fullmatch(pattern, url):
            return url
    return None


def _pages() -> list[tuple[str, str]]:
    from prima.evaluation.actions import RATING_STAGES
    from prima.evaluation.models import Lokus

    unit = f"/units/{UNIT}/"
    pages = [
        ("home", "/"),
        ("directory", "/units/"),
        ("directory search 'dukcapil'", "/units/?q=dukcapil"),
        ("unit page", unit),
        ("passport", f"{unit}passport/"),
        ("standard", _first_link(f"{unit}passport/", r"/units/[^/]+/standards/\d+/")),
        ("survey form", f"/s/{UNIT}/"),
        ("survey results (IKM)", f"{unit}ikm/"),
        ("complaints of the unit", f"/complaints/unit/{UNIT}/"),
        ("complaint form", f"/complaints/unit/{UNIT}/new/"),
        ("tracking form", "/complaints/track/"),
        ("regions", "/regions/"),
        ("region: Maluku", "/regions/81/"),
        ("region: Kab. Buru", "/regions/81.04/"),
        ("national picture", "/gambaran/"),
        ("national picture: Maluku", "/gambaran/81/"),
        ("national picture: Kab. Buru", "/gambaran/81.04/"),
        ("open data", "/data/"),
        ("open data: a dataset", _first_link("/data/", r"/data/[a-z0-9-]+/")),
        ("check a document", "/v/"),
        ("open API", "/about/api/"),
        ("staff sign-in", "/accounts/login/"),
    ]
    lokus = (
        Lokus.objects.filter(cycle__status__in=RATING_STAGES, unit__is_active=True)
        .exclude(user_token="")
        .first()
    )
    pages.append(("F-03 rating form", f"/evaluasi/{lokus.user_token}/" if lokus else None))
    return [(name, path) for name, path in pages if path]


def _css_urls(css: bytes, base: str) -> list[str]:
    found = re.findall(rb"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    return [urljoin(base, u.decode()) for u in found if not u.startswith(b"data:")]


def _weigh(name: str, path: str) -> dict:
    import gzip

    response = _get(path)
    sent = _body(response)
    html = gzip.decompress(sent) if response.get("Content-Encoding") == "gzip" else sent
    parser = _Assets()
    parser.feed(html.decode())
    files = [{"url": path, "status": response.status_code, "bytes": len(sent), "raw": len(html)}]
    queue = [urljoin(path, u) for u in parser.urls if not u.startswith("data:")]
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in seen or urlsplit(url).netloc not in {"", "testserver"}:
            continue
        seen.add(url)
        asset = _get(urlsplit(url).path)
        body = _body(asset)
        raw = gzip.decompress(body) if asset.get("Content-Encoding") == "gzip" else body
        files.append({"url": url, "status": asset.status_code, "bytes": len(body), "raw": len(raw)})
        if asset.get("Content-Type", "").startswith("text/css"):
            queue.extend(_css_urls(raw, url))
    return {
        "name": name,
        "path": path,
        "bytes": sum(f["bytes"] for f in files),
        "raw_bytes": sum(f["raw"] for f in files),
        "under_target": sum(f["bytes"] for f in files) < TARGET_BYTES,
        "files": files,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--save", action="store_true", help="write benchmarks/results/<date>-page-weight.json"
    )
    args = parser.parse_args()
    _setup()
    from benchmarks.__main__ import _machine

    pages = [_weigh(name, path) for name, path in _pages()]
    for page in pages:  # the F-03 link's secret changes with every seed; keep the file stable
        page["path"] = re.sub(r"^/evaluasi/[^/]+/", "/evaluasi/<token>/", page["path"])
        page["files"][0]["url"] = page["path"]
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "target_bytes": TARGET_BYTES,
        "accept_encoding": GZIP["HTTP_ACCEPT_ENCODING"],
        "pages": pages,
    }
    print(f"Page weight on a first visit (target {TARGET_BYTES // 1024} KB transferred)")
    print(f"{'page':<30} {'path':<42} {'KB sent':>8} {'KB raw':>8} {'files':>5}")
    for p in pages:
        flag = "" if p["under_target"] else "  over"
        statuses = {f["status"] for f in p["files"]} - {200}
        note = f"  status {sorted(statuses)}" if statuses else ""
        print(
            f"{p['name']:<30} {p['path'][:42]:<42} {p['bytes'] / 1024:>8.1f} "
            f"{p['raw_bytes'] / 1024:>8.1f} {len(p['files']):>5}{flag}{note}"
        )
    if args.save:
        out = ROOT / "benchmarks" / "results" / f"{datetime.now(UTC):%Y-%m-%d}-page-weight.json"
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print("saved", out.relative_to(ROOT))


if __name__ == "__main__":
    sys.exit(main())
