"""Render the page's maths with KaTeX when the site builds.

``pymdownx.arithmatex`` (generic mode) wraps each formula in ``<span class="arithmatex">``
or ``<div class="arithmatex">``; here every such formula becomes KaTeX's HTML and MathML,
so a page shows its maths without JavaScript, without a layout shift and offline. KaTeX
comes from ``node_modules`` (pinned in package-lock.json); its stylesheet is copied into the
built site, with its fonts cut down to the characters the formulas use.

Why both HTML and MathML (KaTeX's ``output: "htmlAndMathml"``): the HTML draws the formula
the same in every browser with KaTeX's own fonts; the MathML is what screen readers read.
MathML alone ("mathml") makes the gradients page a third lighter (14,359 DOM nodes instead
of 21,258), but Chromium then draws it with whatever fonts the reader's system has (no
OpenType maths font here: primes slip, the type changes mid-sentence), and HTML alone
("html") leaves screen readers nothing to read.
``katex_render.js`` trims the MathML (no TeX annotation, no one-child rows) instead.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

from sitebuild.directives import MATH, MATH_ON_ONE_LINE, mask_code

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])\s*</(?P=tag)>',
    re.DOTALL,
)
ASSETS = "assets/katex"
RENDERER = Path(__file__).with_name("katex_render.js")
# What KaTeX is asked for; part of every cached formula's key, with KaTeX's version.
OPTIONS = {"output": "htmlAndMathml"}
NOTEBOOK_MARKDOWN = re.compile(r'(<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>)(.*?)(</div>)', re.DOTALL)
# KaTeX's stylesheet offers each font as WOFF2, WOFF and TTF; the site ships one cut-down WOFF2.
FONT_SOURCES = re.compile(r"src:url\(fonts/(?P<name>[\w-]+)\.woff2\)[^;}]*")
TAG = re.compile(r"<[^>]*>")


class MathError(Exception):
    """A formula KaTeX cannot render."""


class KatexRenderer:
    def __init__(self, root: Path, cache_dir: Path):
        self.root = root
        self.katex_dist = root / "node_modules" / "katex" / "dist"
        if not self.katex_dist.is_dir():
            raise MathError(f"KaTeX is not installed: {self.katex_dist} is missing (run `npm ci`)")
        version = json.loads((self.katex_dist.parent / "package.json").read_text())["version"]
        # A formula's cached markup depends on KaTeX's version, the options and the renderer's trimming.
        self.renderer_id = hashlib.sha256(
            f"{version}\0{json.dumps(OPTIONS, sort_keys=True)}\0".encode() + RENDERER.read_bytes()
        ).hexdigest()
        self.cache_dir = cache_dir
        self.cache_file = cache_dir / "katex.json"
        try:
            cache = json.loads(self.cache_file.read_text())
        except (OSError, ValueError):
            cache = {}
        valid = isinstance(cache, dict) and all(isinstance(v, str) for v in cache.values())
        self.cache: dict[str, str] = cache if valid else {}  # a damaged file is a miss
        self.used: set[str] = set()
        self.rendered_with_pages = 0  # formulas the up-front batch (``prerender``) did not hold

    def render_page(self, page_html: str) -> tuple[str, list[tuple[str, str]]]:
        """Return the page with its formulas rendered, and the (formula, error) pairs that failed."""
        formulas = [_formula(match) for match in ARITHMATEX.finditer(page_html)]
        wanted = {self._key(tex, display): (tex, display) for tex, display in formulas}
        missing = [key for key in wanted if key not in self.cache]
        errors = []
        if missing:
            self.rendered_with_pages += len(missing)
            outputs = self._run_katex([wanted[key] for key in missing])
            for key, output in zip(missing, outputs, strict=True):
                if "error" in output:
                    errors.append((wanted[key][0], output["error"]))
                else:
                    self.cache[key] = output["html"]
        if errors:
            return page_html, errors
        self.used.update(wanted)

        def replace(match: re.Match) -> str:
            tex, display = _formula(match)
            tag = "div" if display else "span"
            return f'<{tag} class="arithmatex">{self.cache[self._key(tex, display)]}</{tag}>'

        return ARITHMATEX.sub(replace, page_html), []

    def prerender(self, markdown_files: list[Path]) -> None:
        """Render, in one KaTeX run, the formulas these pages (Markdown, notebooks) hold that the cache lacks.

        Run while the snippets run, so that rendering the pages finds (almost) every formula in
        the cache instead of starting KaTeX once per page. A formula this scan reads differently
        from arithmatex is rendered with its page; so is one KaTeX rejects, which its page reports
        with its line.
        """
        wanted = {}
        for path in markdown_files:
            if path.suffix == ".ipynb":
                cells = json.loads(path.read_text())["cells"]
                text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
                formulas = formulas_in_markdown(text, notebook=True)
            else:
                formulas = formulas_in_markdown(path.read_text())
            for tex, display in formulas:
                key = self._key(tex, display)
                if key not in self.cache:
                    wanted[key] = (tex, display)
        if not wanted:
            return
        for key, output in zip(wanted, self._run_katex(list(wanted.values())), strict=True):
            if "html" in output:
                self.cache[key] = output["html"]

    def _key(self, tex: str, display: bool) -> str:
        """The cache key of one formula: its TeX, display or inline, and how it is rendered."""
        return hashlib.sha256(f"{self.renderer_id}\0{display}\0{tex}".encode()).hexdigest()

    def _run_katex(self, formulas: list[tuple[str, bool]]) -> list[dict]:
        result = subprocess.run(
            ["node", str(RENDERER)],
            input=json.dumps({"options": OPTIONS, "formulas": [{"tex": t, "display": d} for t, d in formulas]}),
            capture_output=True,
            text=True,
            cwd=self.root,
            check=False,
        )
        if result.returncode != 0:
            raise MathError(f"KaTeX failed: {result.stderr.strip()}")
        return json.loads(result.stdout)

    def save(self, prune: bool) -> None:
        kept = {k: v for k, v in self.cache.items() if k in self.used} if prune else self.cache
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.cache_file.with_name(f".{self.cache_file.name}.{os.getpid()}")
        partial.write_text(json.dumps(kept, sort_keys=True))
        partial.replace(self.cache_file)  # the offline copy's build may read it while this one writes it

    def copy_assets(self, site_dir: Path) -> None:
        """KaTeX's stylesheet and its fonts, cut down to the characters the formulas use, into the site."""
        target = Path(site_dir) / ASSETS
        (target / "fonts").mkdir(parents=True, exist_ok=True)
        stylesheet = (self.katex_dist / "katex.min.css").read_text()
        stylesheet = FONT_SOURCES.sub(lambda m: f'src:url(fonts/{m["name"]}.woff2) format("woff2")', stylesheet)
        (target / "katex.min.css").write_text(stylesheet)
        for font in self.subset_fonts().glob("*.woff2"):
            shutil.copyfile(font, target / "fonts" / font.name)

    def subset_fonts(self) -> Path:
        """KaTeX's fonts holding only the characters of the rendered formulas, as WOFF2; cached.

        A maths page loads up to eight of KaTeX's fonts, whole (about 120 KB), for the hundred or
        so characters this site's formulas use; cut to those, they are about 40% smaller, and
        WOFF2 (Brotli, which fontTools needs the ``brotli`` package for) packs them tighter than WOFF.
        Every cached formula counts (also those a dirty build did not show), so no glyph is missing.
        """
        import fontTools
        from fontTools import subset
        from fontTools.ttLib import TTFont

        characters = sorted({c for markup in self.cache.values() for c in html.unescape(TAG.sub("", markup))})
        key = hashlib.sha256(f"{self.renderer_id}\0{fontTools.version}\0woff2\0{''.join(characters)}".encode())
        folder = self.cache_dir / "katex-fonts" / key.hexdigest()[:20]
        fonts = list(folder.glob("*.woff2"))
        if fonts and all(font.read_bytes()[:4] == b"wOF2" for font in fonts):  # else damaged: made again
            return folder
        logging.getLogger("fontTools").setLevel(logging.ERROR)  # KaTeX's fonts carry 1970 timestamps
        partial = folder.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        for source in sorted((self.katex_dist / "fonts").glob("*.ttf")):
            font = TTFont(source, recalcTimestamp=False)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=[ord(c) for c in characters])
            subsetter.subset(font)
            font.flavor = "woff2"
            font.save(partial / f"{source.stem}.woff2")
        for old in folder.parent.iterdir():
            if old != partial:
                shutil.rmtree(old, ignore_errors=True)
        partial.rename(folder)
        return folder


def failure_message(where: str, errors: list[tuple[str, str]], source: str, first_line: int = 1) -> str:
    """The formulas KaTeX rejected on the page ``where`` names, each with its line in ``source`` (the
    page's Markdown, whose first line is line ``first_line`` of the file).

    >>> print(failure_message("docs/a.md", [("x^", "Expected group")], "Text\\n$x^$\\n"))
    docs/a.md: KaTeX cannot render:
      line 2: 'x^': Expected group
    """
    lines = []
    for tex, message in errors:
        position = source.find(tex.strip())
        line = str(source.count("\n", 0, position) + first_line) if position >= 0 else "?"
        lines.append(f"  line {line}: {tex!r}: {message}")
    return f"{where}: KaTeX cannot render:\n" + "\n".join(lines)


def formulas_in_markdown(markdown: str, notebook: bool = False) -> list[tuple[str, bool]]:
    """The formulas of a page's Markdown (or a notebook's Markdown cells), as the page will hold them.

    ``$...$`` is inline, ``$$...$$`` display; a page's display formula keeps its lines, less their
    indentation, between line breaks (as arithmatex writes it), a notebook's is stripped.
    """
    found = []
    for match in MATH.finditer(mask_code(markdown)):
        if match["display"] is not None:
            tex = textwrap.dedent(match["display"].strip("\n")).rstrip()
            found.append((tex.strip() if notebook else f"\n{tex}\n", True))
        elif "\n\n" not in match["inline"]:
            found.append((match["inline"], False))
    return found


def _formula(match: re.Match) -> tuple[str, bool]:
    """The TeX source of an arithmatex match, and whether it is display maths."""
    display = match["display"] is not None
    return html.unescape(match["display"] if display else match["inline"]), display


def mark_notebook_math(page_html: str) -> str:
    """Wrap the ``$...$`` and ``$$...$$`` of notebook Markdown cells as arithmatex does, for rendering."""

    def mark(match: re.Match) -> str:
        if match["display"] is not None:
            return f'<span class="arithmatex">\\[{match["display"].strip()}\\]</span>'
        return f'<span class="arithmatex">\\({match["inline"]}\\)</span>'

    def in_cell(cell: re.Match) -> str:
        return cell[1] + MATH_ON_ONE_LINE.sub(mark, cell[2]) + cell[3]

    return NOTEBOOK_MARKDOWN.sub(in_cell, page_html)
