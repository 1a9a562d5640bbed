"""The documentation keeps up with the code (datasette's habit): a command or an API endpoint
that is not documented fails the suite, and so does a broken link in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def _prima_commands() -> list[str]:
    return sorted(
        path.stem
        for path in (ROOT / "prima").glob("*/management/commands/*.py")
        if not path.stem.startswith("_")
    )


def test_prima_has_commands_to_document():
    assert {"seed_demo", "sync_regions", "create_admin", "compile_translations"} <= set(
        _prima_commands()
    )


@pytest.mark.parametrize("command", _prima_commands())
def test_every_prima_command_is_documented(command):
    assert f"prima {command}" in (ROOT / "docs" / "commands.md").read_text()


@pytest.mark.django_db
def test_every_api_endpoint_is_documented():
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    documented = (ROOT / "docs" / "api.md").read_text()
    missing = [path for path in schema["paths"] if path not in documented]
    assert missing == []
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in {"get", "post", "patch", "put", "delete"}:
                assert f"{method.upper()} {path}" in documented, (method, path)


def test_the_readme_quick_start_is_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"```sh\n(.*?)\n```", quick_start, flags=re.S) == ["make demo", "make test"]


def test_links_in_the_readme_and_docs_point_to_files_that_exist():
    for document in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", document.read_text()):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            assert (document.parent / target).exists(), f"{document.name} links to missing {target}"


def test_there_is_a_user_guide_for_each_module_with_pages():
    for guide in [
        "registry",
        "accounts",
        "surveys",
        "standards",
        "complaints",
        "evaluation",
        "coaching",
    ]:
        assert (ROOT / "docs" / "guide" / f"{guide}.md").exists()
