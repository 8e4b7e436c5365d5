"""Make each lesson's notebook from its snippets, in page order: ``python -m sitebuild.notebooks``.

The notebook holds exactly the code the lesson shows, one code cell per snippet, with short
Markdown cells for the page's headings, content-tab labels and display formulas. Notebooks are
written to ``docs/notebooks/<lesson>.ipynb`` (committed, so Colab can open them from GitHub,
and rendered by mkdocs-jupyter). ``--check`` fails when a committed notebook is stale.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from sitebuild.directives import find_directives
from sitebuild.lessons import DOCS, ROOT, lesson_pages

NOTEBOOKS = DOCS / "notebooks"

HEADING = re.compile(r"^#{2,6} [^\n]+$")  # the page title becomes the first cell
TAB_LABEL = re.compile(r'^\s*=== "(?P<label>[^"]+)"\s*$')
DISPLAY_MATH = re.compile(r"^\s*\$\$\n.*?\n\s*\$\$\s*$", re.MULTILINE | re.DOTALL)


def notebook_path(page: Path) -> Path:
    """Where the notebook of the lesson ``page`` lives: ``notebooks/<lesson>.ipynb`` beside it."""
    return page.parent / "notebooks" / f"{page.stem}.ipynb"


def _markdown_between(text: str) -> str:
    """The headings, tab labels and display formulas of a stretch of the page, in order."""
    found = []
    for match in re.finditer(rf"{HEADING.pattern}|{TAB_LABEL.pattern}|{DISPLAY_MATH.pattern}", text, re.M | re.S):
        piece = match.group(0)
        if match["label"]:
            found.append(f"**{match['label']}**")
        elif piece.lstrip().startswith("$$"):
            found.append("\n".join(line.strip() for line in piece.strip().split("\n")))
        else:
            found.append(piece.strip())
    return "\n\n".join(found)


def _cell(kind: str, source: str, index: int) -> dict:
    cell = {"cell_type": kind, "id": f"cell-{index}", "metadata": {}, "source": source.splitlines(keepends=True)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def make_notebook(page: Path) -> dict:
    """The lesson's notebook as a plain nbformat-4 dictionary (deterministic: fixed cell ids)."""
    markdown = page.read_text()
    title = next((line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")), page.stem)
    pieces: list[tuple[str, str]] = [
        (
            "markdown",
            f"# {title}\n\nThe code of the lesson *{title}*, one cell per code block, in the lesson's order. "
            "Run the cells from top to bottom; they use torch, numpy, matplotlib and scikit-learn, "
            "and pick a GPU when there is one.",
        )
    ]
    last = 0
    for directive in find_directives(markdown):
        prose = _markdown_between(markdown[last : directive.start])
        if prose:
            pieces.append(("markdown", prose))
        pieces.append(("code", (ROOT / "snippets" / directive.path).read_text().rstrip("\n")))
        last = directive.end
    return {
        "cells": [_cell(kind, source, i) for i, (kind, source) in enumerate(pieces)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def serialize(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a committed notebook differs")
    args = parser.parse_args(argv)
    stale = []
    pages = [DOCS / page for page in lesson_pages()]
    expected = {notebook_path(page): serialize(make_notebook(page)) for page in pages}
    for path, text in expected.items():
        if path.exists() and path.read_text() == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    orphans = sorted(set(NOTEBOOKS.glob("*.ipynb")) - set(expected))
    for orphan in orphans:
        stale.append(orphan)
        if not args.check:
            orphan.unlink()
    for path in stale:
        verb = "stale" if args.check else "wrote" if path in expected else "removed"
        print(f"{verb}: {path.relative_to(ROOT)}")
    if args.check and stale:
        print("run `python -m sitebuild.notebooks` to regenerate the notebooks", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
