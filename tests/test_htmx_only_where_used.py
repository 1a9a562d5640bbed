"""htmx loads only on the pages that use it (issue 22, item 8).

htmx is 51 KB before compression; a citizen's page that has no hx- attribute must not send
it. Over the demo, every public page reached from the home page (a few of each kind) and a
national administrator's staff pages reached from /manage/: a page with an hx- attribute
loads htmx, a page without one does not.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from prima.accounts.models import User
from prima.test import sign_in
from tests.test_staff_crawl import DOWNLOAD, _links, _route

HTMX = re.compile(r'<script src="/static/vendor/htmx\.org/htmx\.min\.js"')
HX_ATTRIBUTE = re.compile(r"<[^>]*\shx-[a-z-]+=", re.S)
PER_ROUTE = 2
MAX_PAGES = 400


def _pages(client: Client, start: str, *, within: tuple[str, ...]) -> dict[str, str]:
    """{path: html} for the HTML pages reached from start, a few of each route."""
    pages: dict[str, str] = {}
    seen = {start}
    per_route: dict[str, int] = {}
    queue = deque([start])
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        route = _route(path)
        if per_route.get(route, 0) >= PER_ROUTE or DOWNLOAD.search(urlsplit(path).path):
            continue
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        per_route[route] = per_route.get(route, 0) + 1
        pages[path] = html = response.content.decode()
        for link in _links(path, html):
            if link not in seen and link.startswith(within):
                seen.add(link)
                queue.append(link)
    return pages


def _mismatches(pages: dict[str, str]) -> list[str]:
    wrong = []
    for path, html in pages.items():
        uses, loads = bool(HX_ATTRIBUTE.search(html)), bool(HTMX.search(html))
        if uses != loads:
            wrong.append(f"{path}: {'uses hx- without htmx' if uses else 'loads unused htmx'}")
    return wrong


@pytest.mark.django_db
def test_htmx_loads_on_the_pages_that_use_it_and_no_others():
    call_command("seed_demo", verbosity=0)
    public = _pages(Client(), "/", within=("/",))
    public = {p: html for p, html in public.items() if not p.startswith(("/manage/", "/api/"))}
    admin = sign_in(Client(), User.objects.get(username="admin.nasional"))
    staff = _pages(admin, "/manage/", within=("/manage/",))

    assert _mismatches(public) == []
    assert _mismatches(staff) == []
    # The crawl reached both kinds of page, so the check above means something.
    for pages, with_htmx in ((public, ["/units/"]), (staff, ["/manage/units/", "/manage/users/"])):
        assert len(pages) > 10
        assert all(HTMX.search(pages[p]) for p in with_htmx)
    assert not HTMX.search(public["/"])
