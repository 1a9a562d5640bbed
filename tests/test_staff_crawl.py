"""Every staff page, as every demo persona, and every link on it (issue 16, guard of item 10).

Each demo persona signs in and walks the staff pages from /manage/; every link on every page
walked — to a staff page, a public page or a download — must open for that persona: no 403,
no 404, no 500. A link to a page the user may not open is a bug (link to a read-only view,
or show plain text). Pages of one kind are walked a few times each (their links are all
checked); the crawl of one persona is bounded, and says so when the bound is reached.

It takes minutes (some 1,500 requests over the demo), so it is marked `slow`: `make test`
leaves it out and CI runs it as a step of its own (`pytest -m slow`). Documents are laid out
but not encoded (Document.output_bytes): who may open a link is decided before that.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from prima.accounts.models import User
from prima.demo.data import USERS
from prima.test import sign_in

# Pages of one route walked per persona (every link on them is still checked).
WALK_PER_ROUTE = 2
MAX_REQUESTS = 2500  # per persona; reaching it fails the test, so the bound stays honest
# Links never followed: signing out ends the walk; the language switch is a form.
SKIP = ("/accounts/logout/", "/i18n/", "/static/", "/api/v1/docs/")
DOWNLOAD = re.compile(r"\.(pdf|xlsx|csv|svg|png|json|xml)$|/(export|download|pdf|xlsx|csv)/?$")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url, _fragment = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme in {"mailto", "tel"} or (parts.netloc and parts.netloc != "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path and not path.startswith(SKIP):
            found.append(path)
    return found


def _route(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    return match.route


def _crawl(client: Client) -> tuple[dict[str, list[str]], int]:
    """Walk from /manage/; return {link: [pages showing it]} for links that did not open."""
    broken: dict[str, list[str]] = {}
    status: dict[str, int] = {}
    walked_per_route: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([("/manage/", "(start)")])
    requests = 0
    while queue:
        path, source = queue.popleft()
        if path not in status:
            requests += 1
            assert requests <= MAX_REQUESTS, "the crawl bound was reached: raise it or narrow"
            response = client.get(path)
            status[path] = response.status_code
            if response.status_code in (301, 302, 303):
                target = response["Location"]
                status[path] = 200
                if urlsplit(target).path.startswith("/accounts/login"):
                    status[path] = 403  # a link that sends a signed-in user to sign in
                else:
                    queue.appendleft((target, path))
            elif response.status_code == 200:
                route = _route(path)
                walk = (
                    path.startswith(("/manage/", "/accounts/"))
                    and not DOWNLOAD.search(urlsplit(path).path)
                    and "html" in response.get("Content-Type", "")
                    and walked_per_route.get(route, 0) < WALK_PER_ROUTE
                )
                if walk:
                    walked_per_route[route] = walked_per_route.get(route, 0) + 1
                    for link in _links(path, response.content.decode()):
                        queue.append((link, path))
        if status[path] in (403, 404) or status[path] >= 500:
            broken.setdefault(f"{status[path]} {path}", []).append(source)
    return broken, requests


@pytest.mark.slow
@pytest.mark.django_db
def test_every_link_on_every_staff_page_opens_for_every_persona(monkeypatch):
    from prima.lib.pdf import Document

    monkeypatch.setattr(Document, "output_bytes", lambda self: b"%PDF-1.7\n%%EOF\n")
    call_command("seed_demo", verbosity=0)
    reports = {}
    for persona in USERS:
        client = sign_in(Client(), User.objects.get(username=persona.username))
        broken, requests = _crawl(client)
        assert requests > 20, persona.username  # the walk went somewhere
        if broken:
            reports[persona.username] = {
                link: sorted(set(pages))[:3] for link, pages in sorted(broken.items())
            }
    assert reports == {}
