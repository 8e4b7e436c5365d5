"""Make each lesson's notebook from its page: ``python -m sitebuild.notebooks``.

The notebook is the whole lesson: its prose and formulas as Markdown cells (one per section),
each snippet as a code cell in page order, and what Material for MkDocs adds to Markdown turned
into plain Markdown that Jupyter and Colab show:

- an admonition (``!!! note "Title"``, ``??? tip``) becomes a quote with a bold title; a code
  block inside it (an exercise's solution) becomes a code cell between the quoted parts;
- content tabs (``=== "CPU"``) are flattened: each tab's label in bold, then its content, so the
  CPU version and the GPU version are two code cells one after the other;
- code annotations (``# (1)!`` in a snippet, a numbered list after its fence) become a plain
  ``# (1)`` comment and a Markdown cell of notes right after the code cell;
- attribute lists (``{ #id }``, ``{ .annotate }``), snippet includes (``--8<--``) and glossary
  abbreviations (``*[CPU]: ...``) are dropped;
- a link to another page points at that page on the published site (``site_url``'s default in
  ``mkdocs.yml``: ``https://…/tensors/#the-numpy-bridge``), which works in Colab and in a
  notebook downloaded alone; a link to a heading of this lesson points at the heading's id as
  Jupyter names it (its text, spaces as dashes).

The first code cell, before the lesson's, sets PyTorch to one thread, as the build runs the
snippets, so that a reader's run prints the page's numbers.

Notebooks are written to ``docs/notebooks/<lesson>.ipynb`` without outputs (committed, so
Colab can open them from GitHub). The site shows and serves them with the build's own outputs
(``with_outputs``), their links moved to the build's ``site_url`` (``with_site_url``).
``--check`` fails when a committed notebook is stale.
"""

from __future__ import annotations

import argparse
import copy
import json
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from markdown.extensions.toc import slugify

from sitebuild.directives import EXEC_INFO, MATH, MATH_ON_ONE_LINE, find_directives, in_fences
from sitebuild.lessons import DOCS, ROOT, SNIPPETS, lesson_pages

NOTEBOOKS = DOCS / "notebooks"

ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:[^"\n]*?)(?:\s+"(?P<title>[^"]*)")?\s*$')
TAB = re.compile(r'^===\+?\s+"(?P<label>[^"]*)"\s*$')
FENCE_END = re.compile(r"^```[ \t]*$")
ANNOTATION_ITEM = re.compile(r"^\d+\.\s")
ANNOTATION_MARKER = re.compile(r"#\s*\((\d+)\)!")
ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
SNIPPET_INCLUDE = re.compile(r"^\s*-{1,3}8<-{1,3}")
ATTR_VALUE = r'(?:[#.][\w-]+|[\w-]+="[^"]*")'
ATTR_LIST = re.compile(rf"[ \t]*\{{:?[ \t]*{ATTR_VALUE}(?:[ \t]+{ATTR_VALUE})*[ \t]*\}}")
MARKDOWN_ATTRIBUTE = re.compile(r'\s+markdown(?:="[^"]*")?(?=[\s>])')
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
# mkdocs.yml's ``site_url: !ENV [SITE_URL, "<default>"]``: the default is where the committed notebooks link.
SITE_URL = re.compile(r'^site_url: !ENV \[SITE_URL, "(?P<default>[^"]+)"\]\s*(?:#.*)?$', re.M)
# The first code cell: one thread, as the build runs the snippets, so that sums add up in the same
# order as on the page and a reader's run prints the page's numbers.
ONE_THREAD = "import torch\n\ntorch.set_num_threads(1)  # as the site's build runs it: the page's numbers"
ONE_THREAD_ID = "one-thread"


def notebook_site_url() -> str:
    """The address the committed notebooks link to: ``site_url``'s default in mkdocs.yml, ending in ``/``."""
    found = SITE_URL.search((ROOT / "mkdocs.yml").read_text())
    if found is None:
        raise ValueError(
            'mkdocs.yml: no line `site_url: !ENV [SITE_URL, "https://..."]` to take the notebooks\' links from'
        )
    return found["default"].rstrip("/") + "/"


def notebook_path(page: Path) -> Path:
    """Where the notebook of the lesson ``page`` lives: ``notebooks/<lesson>.ipynb`` beside it."""
    return page.parent / "notebooks" / f"{page.stem}.ipynb"


@dataclass
class Code:
    """One snippet as a code cell, and the notes its annotation list gives (or "")."""

    path: str
    notes: str


Piece = str | Code  # Markdown text, or a code cell


def _block(lines: list[str], start: int) -> tuple[list[str], int]:
    """The indented body of a container that opens on ``lines[start - 1]``, dedented by 4."""
    end = start
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return [line[4:] for line in lines[start:end]], end


def _annotations(lines: list[str], start: int) -> tuple[str, int]:
    """The numbered list right after a fence (one blank line between), as Material reads it."""
    if start + 1 >= len(lines) or lines[start].strip() or not ANNOTATION_ITEM.match(lines[start + 1]):
        return "", start
    end = start + 1
    while end < len(lines) and (
        ANNOTATION_ITEM.match(lines[end]) or lines[end].startswith("    ") or not lines[end].strip()
    ):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start + 1 : end]), end


def _pieces(lines: list[str]) -> list[Piece]:
    """The page's Markdown, or a container's body, as Markdown pieces and code cells in order."""
    pieces: list[Piece] = []
    text: list[str] = []

    def flush() -> None:
        if "\n".join(text).strip():
            pieces.append("\n".join(text).strip("\n"))
        text.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if admonition := ADMONITION.match(line):
            flush()
            body, i = _block(lines, i + 1)
            title = admonition["title"] if admonition["title"] is not None else admonition["kind"].capitalize()
            pieces += _quoted(title, _pieces(body))
            continue
        if tab := TAB.match(line):
            flush()
            body, i = _block(lines, i + 1)
            pieces += [f"**{tab['label']}**", *_pieces(body)]
            continue
        fence = EXEC_INFO.match(line[3:]) if line.startswith("```") else None  # the page's own parser's form
        if fence and i + 1 < len(lines) and FENCE_END.match(lines[i + 1]):
            flush()
            notes, i = _annotations(lines, i + 2)
            pieces.append(Code(fence["path"], notes))
            continue
        if not (ABBREVIATION.match(line) or SNIPPET_INCLUDE.match(line)):
            text.append(line)
        i += 1
    flush()
    return pieces


def _quoted(title: str, body: list[Piece]) -> list[Piece]:
    """An admonition as Markdown quotes with a bold title; its code cells stay code cells."""
    quoted: list[Piece] = []
    for piece in [f"**{title}**" if title else "", *body]:
        if isinstance(piece, Code):
            quoted.append(piece)
        elif piece:
            text = "\n".join(f"> {line}".rstrip() for line in piece.split("\n"))
            if quoted and isinstance(quoted[-1], str):
                quoted[-1] += "\n>\n" + text
            else:
                quoted.append(text)
    return quoted


def jupyter_anchor(heading: str) -> str:
    """The id Jupyter and nbconvert give a Markdown heading: its text as shown (no code marks), spaces
    as dashes."""
    return re.sub(r"\s", "-", heading.strip().replace("`", ""))


def _anchors(page: Path) -> dict[str, str]:
    """A lesson's heading ids as the site names them (``the-model``) -> as Jupyter names them."""
    headings = [m["text"] for m in map(HEADING.match, page.read_text().splitlines()) if m]
    return {slugify(_clean(text), "-"): jupyter_anchor(_clean(text)) for text in headings}


def _clean(text: str) -> str:
    return ATTR_LIST.sub("", text)


def _with_links(text: str, page: Path, site_url: str) -> str:
    """Links to other pages point at them on the site at ``site_url``; links within the lesson at
    Jupyter's heading ids."""

    def link(match: re.Match) -> str:
        target = match["target"]
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            return match[0]
        path, _, fragment = target.partition("#")
        other = (page.parent / path).resolve() if path else page
        if other.suffix != ".md":
            return match[0]
        if fragment and fragment not in _anchors(other):
            raise ValueError(f"{page.name}: link {target!r}: no heading #{fragment} in {other.name}")
        if not path:  # a heading of this lesson, in this notebook
            return f"](#{_anchors(page)[fragment]})"
        url = posixpath.normpath(path).removesuffix(".md")  # the lessons sit side by side in docs/
        url = "" if url == "index" else url.removesuffix("/index") + "/"  # as MkDocs names the page
        return f"]({site_url}{url}{'#' + fragment if fragment else ''})"

    return LINK.sub(link, text)


def _markdown_cells(text: str) -> list[str]:
    """Markdown split into one cell per section (a cell starts at each ``##`` heading)."""
    cells, current = [], []
    lines = text.split("\n")
    for line, fenced in zip(lines, in_fences(lines), strict=True):
        if not fenced and re.match(r"#{1,3} ", line) and "\n".join(current).strip():
            cells.append("\n".join(current).strip("\n"))
            current = []
        current.append(line)
    if "\n".join(current).strip():
        cells.append("\n".join(current).strip("\n"))
    return cells


def _outside_maths(text: str, change) -> str:
    """``change`` applied to the text between formulas, never to a formula's TeX."""
    pieces, last = [], 0
    for formula in MATH_ON_ONE_LINE.finditer(text):
        pieces += [change(text[last : formula.start()]), formula[0]]
        last = formula.end()
    return "".join([*pieces, change(text[last:])])


def _tidy(text: str, page: Path, site_url: str) -> str:
    text = _outside_maths(text, lambda part: ATTR_LIST.sub("", part))
    text = MARKDOWN_ATTRIBUTE.sub("", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return _with_links(text, page, site_url)


def _code_source(path: str) -> str:
    """The snippet as a code cell: its ``# (1)!`` annotation markers become plain ``# (1)`` comments."""
    return ANNOTATION_MARKER.sub(r"# (\1)", (SNIPPETS / path).read_text().rstrip("\n"))


def _inline_formula_on_one_line(formula: re.Match) -> str:
    """An inline formula broken over lines, joined: Jupyter and the site's maths want it on one."""
    text = formula[0]
    if text.startswith("$$") or re.search(r"\n\s*\n", text):
        return text
    return re.sub(r"\n[ \t>]*", " ", text)


def _cell(kind: str, source: str, cell_id: str) -> dict:
    cell = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": source.splitlines(keepends=True)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def make_notebook(page: Path, site_url: str | None = None) -> dict:
    """The lesson's notebook as a plain nbformat-4 dictionary (deterministic: fixed cell ids), its
    links to other pages pointing at ``site_url`` (by default ``notebook_site_url()``)."""
    site_url = site_url or notebook_site_url()
    markdown = page.read_text()
    pieces = _pieces(MATH.sub(_inline_formula_on_one_line, markdown).split("\n"))
    shown = [piece.path for piece in pieces if isinstance(piece, Code)]
    expected = [directive.path for directive in find_directives(markdown)]
    if shown != expected:
        raise ValueError(f"{page.name}: the notebook would show {shown}, the page embeds {expected}")
    cells: list[tuple[str, str]] = []
    for piece in pieces:
        if isinstance(piece, Code):
            if not any(kind == "code" for kind, _ in cells):
                cells.append(("code", ONE_THREAD))
            cells.append(("code", _code_source(piece.path)))
            if piece.notes:
                cells.append(("markdown", "Notes on the code above:\n\n" + _tidy(piece.notes, page, site_url)))
        elif cells and cells[-1][0] == "markdown" and not re.match(r"#{1,3} ", piece):
            cells[-1] = ("markdown", cells[-1][1] + "\n\n" + piece)
        else:
            cells.append(("markdown", piece))
    cells = [
        (kind, part)
        for kind, source in cells
        for part in (_markdown_cells(_tidy(source, page, site_url)) if kind == "markdown" else [source])
    ]
    return {
        "cells": [
            _cell(kind, source, ONE_THREAD_ID if source == ONE_THREAD else f"cell-{i}")
            for i, (kind, source) in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def with_outputs(notebook: dict, results: list[dict]) -> dict:
    """The notebook with the build's results as its code cells' outputs, as Jupyter would show them.

    ``results`` are the engine's, one per code cell of the lesson in order (the cell that sets one
    thread prints nothing): ``stdout`` becomes a stream output, each figure an ``image/svg+xml`` display.
    """
    notebook = copy.deepcopy(notebook)
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    if code and code[0]["id"] == ONE_THREAD_ID:
        code[0]["execution_count"] = 1
        results = [{"stdout": "", "figures": []}, *results]
    if len(code) != len(results):
        raise ValueError(f"{len(code)} code cells, {len(results)} results")
    for count, (cell, result) in enumerate(zip(code, results, strict=True), start=1):
        cell["execution_count"] = count
        outputs = []
        if result["stdout"]:
            outputs.append({"name": "stdout", "output_type": "stream", "text": _lines(result["stdout"])})
        for figure in result["figures"]:
            outputs.append(
                {
                    "data": {"image/svg+xml": _lines(figure["svg"]), "text/plain": [f"<Figure: {figure['alt']}>"]},
                    "metadata": {},
                    "output_type": "display_data",
                }
            )
        cell["outputs"] = outputs
    return notebook


def with_site_url(notebook: dict, site_url: str | None) -> dict:
    """The notebook with its links to the site at ``notebook_site_url()`` moved to ``site_url``."""
    old = notebook_site_url()
    if not site_url or site_url == old:
        return notebook
    notebook = copy.deepcopy(notebook)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = [line.replace(f"]({old}", f"]({site_url}") for line in cell["source"]]
    return notebook


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


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
