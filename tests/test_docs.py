"""The documentation keeps up with the code (datasette's habit): a command, an API endpoint or
a setting that is not documented fails the suite, and so does a broken link in the README, a
mention of a `docs/…` file that does not exist, or a citation of a section of
docs/regulations.md or docs/security.md that is not there."""

from __future__ import annotations

import functools
import os
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


# Files that may mention docs/… paths or cite a doc's sections: code, docs, templates, data.
TEXT_SUFFIXES = {".py", ".md", ".html", ".txt", ".yaml", ".yml", ".toml", ".json", ".js", ".css"}
SKIPPED_DIRS = {".git", ".venv", "node_modules", "var", "static", "__pycache__", ".ruff_cache"}


@functools.cache
def _repository_texts() -> list[tuple[Path, str]]:
    found = []
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name not in SKIPPED_DIRS and not name.endswith(".egg-info")
        )
        for name in sorted(files):
            path = Path(directory) / name
            if path.suffix in TEXT_SUFFIXES or name in {"Makefile", "run"}:  # .ci/run
                found.append((path.relative_to(ROOT), path.read_text(errors="replace")))
    return found


# `docs/<path>`, not inside a longer path or an address (…/id/docs/permen… is a URL).
DOCS_PATH = re.compile(r"(?<![\w/.-])docs/[\w./-]*[\w/]")
# `regulations.md §1.5–1.7, §11 and §C1.1`, also as a Markdown link `[…](../regulations.md) §4`.
SECTION = r"§C?\d+(?:\.\d+)*(?:[–-]C?\d+(?:\.\d+)*)?"


def _citation(document: str) -> re.Pattern[str]:
    """Citations of `document` (a file in docs/) by section, as in the comment above."""
    name = re.escape(document)
    return re.compile(rf"(?<![\w-]){name}\)?`?\s+({SECTION}(?:(?:,\s*|\s+and\s+){SECTION})*)")


CITATION = _citation("regulations.md")


def test_the_repository_has_texts_to_check():
    names = {str(path) for path, _text in _repository_texts()}
    assert {"README.md", "prima/settings.py", "docs/deploy.md", "Makefile", ".ci/run"} <= names
    assert any(name.startswith("prima/accounts/migrations/") for name in names)
    assert any(name.endswith(".html") for name in names)


def test_every_docs_path_mentioned_anywhere_exists():
    missing = sorted(
        f"{path}: {mention}"
        for path, text in _repository_texts()
        for mention in set(DOCS_PATH.findall(text))
        if not (ROOT / mention).exists()
    )
    assert missing == []


def _sections(document: str) -> set[str]:
    """The section numbers of a doc's headings: `### §1.7 Sample size` → "1.7"."""
    text = (ROOT / "docs" / document).read_text()
    return set(re.findall(r"^#{2,4} §(C?\d+(?:\.\d+)*)[.\s]", text, flags=re.M))


def _regulation_sections() -> set[str]:
    return _sections("regulations.md")


def _cited_sections(citation: str) -> list[str]:
    """`§1.5–1.7, §11` → ["1.5", "1.7", "11"]: both ends of a range must exist."""
    cited = []
    for part in re.findall(SECTION, citation):
        first, *last = re.split(r"[–-]", part.removeprefix("§"))
        cited.append(first)
        if last:  # `§5.3–5.4` ends at 5.4; `§4.3–6` would end at 4.6
            end = last[0]
            cited.append(end if "." in end or "." not in first else f"{first.split('.')[0]}.{end}")
    return cited


def test_cited_section_ranges_are_read_end_to_end():
    assert _cited_sections("§1.5–1.7, §11 and §C1.1") == ["1.5", "1.7", "11", "C1.1"]
    assert _regulation_sections() >= {"1", "1.7", "4.6", "11", "C1", "C1.1", "C4.2"}


def _citations_of(document: str) -> list[tuple[Path, str]]:
    pattern = _citation(document)
    return [
        (path, citation) for path, text in _repository_texts() for citation in pattern.findall(text)
    ]


def _sections_missing(document: str, citations: list[tuple[Path, str]]) -> list[str]:
    sections = _sections(document)
    return sorted(
        f"{path}: §{section}"
        for path, citation in citations
        for section in _cited_sections(citation)
        if section not in sections
    )


def test_every_citation_of_the_regulations_names_a_section_that_exists():
    citations = _citations_of("regulations.md")
    assert len(citations) > 50  # the pattern still finds the code's citations
    assert _sections_missing("regulations.md", citations) == []


def test_every_citation_of_the_security_targets_names_a_section_that_exists():
    assert _sections("security.md") >= {"1.2", "1.4", "1.5", "1.6", "1.7", "2.2"}
    citations = _citations_of("security.md")
    assert len(citations) >= 15  # the pattern still finds the code's citations
    assert _sections_missing("security.md", citations) == []


def test_no_citation_points_at_the_research_notes_outside_the_repository():
    # Spelled so that this file does not match itself.
    notes = r"shared/(?:reference)/|regulations-(?:confirmations)\.md|security-(?:reliability)\.md"
    outside = sorted(str(path) for path, text in _repository_texts() if re.search(notes, text))
    assert outside == []


def test_every_setting_read_from_the_environment_is_documented_for_deployers():
    settings = (ROOT / "prima" / "settings.py").read_text()
    variables = set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", settings))
    assert {"PRIMA_ENV", "SECRET_KEY", "DATABASE_URL", "DEBUG", "PRIMA_VAR_DIR"} <= variables
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    assert sorted(name for name in variables if f"`{name}`" not in deploy) == []
