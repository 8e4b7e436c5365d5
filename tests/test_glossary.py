"""The glossary page and the hover definitions (Material abbreviations) that every lesson shows."""

from __future__ import annotations

import itertools
import re

import pytest
from bs4 import BeautifulSoup

from conftest import DOCS, ROOT, lesson_pages, page_url

ABBREVIATIONS = dict(re.findall(r"^\*\[(.+?)\]: (.+)$", (ROOT / "includes/abbreviations.md").read_text(), re.M))


def glossary_terms() -> list[str]:
    """The defined terms of docs/glossary.md (definition-list titles), lower-cased."""
    lines = (DOCS / "glossary.md").read_text().splitlines()
    return [line.strip().lower() for line, after in itertools.pairwise(lines) if after.startswith(":   ")]


def test_every_glossary_term_has_a_hover_definition():
    hover = {term.lower() for term in ABBREVIATIONS}
    for term in glossary_terms():
        parts = term.split(" and ")  # "weight and bias" defines both
        assert all(part in hover for part in parts), f"glossary term {term!r} has no entry in includes/abbreviations.md"


def test_every_glossary_entry_links_to_a_lesson(built_site):
    soup = BeautifulSoup((built_site / "glossary/index.html").read_text(), "html.parser")
    definitions = soup.select("dl dd")
    assert len(definitions) == len(glossary_terms())
    for definition in definitions:
        links = [a["href"] for a in definition.find_all("a", href=True)]
        assert any(href.startswith("../") for href in links), definition.get_text()[:60]  # links to a lesson


@pytest.mark.parametrize("page", lesson_pages())
def test_lessons_show_the_definitions_on_hover(built_site, page):
    soup = BeautifulSoup((built_site / page_url(page) / "index.html").read_text(), "html.parser")
    shown = {abbr.get_text(): abbr["title"] for abbr in soup.select("article abbr[title]")}
    assert shown, f"{page} shows no glossary term"
    for term, title in shown.items():
        assert ABBREVIATIONS[term] == title
