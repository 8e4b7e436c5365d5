"""Finish a notebook page that mkdocs-jupyter rendered: light, valid HTML that links like the site.

- each figure, which nbconvert inlines as a base64 image, becomes an ``<img>`` of the same SVG
  file the lesson page shows (checked byte for byte), with the figure's title as alt text;
- links to the site's pages (the notebook links them at the build's ``site_url``:
  ``https://…/tensors/#the-numpy-bridge``) become links within the site (``../../tensors/#…``),
  which work offline too, and links to the notebook's own headings point at the ids
  mkdocs-jupyter gives them;
- the "Download notebook" (and "Open in Colab") buttons go under the title;
- each exercise's solution is collapsed, as on the lesson page (``collapsed_solutions``), and the
  glossary's terms in the prose show their definitions (``with_glossary_terms``); the maths is
  KaTeX's HTML and MathML, as on the lesson pages (the plugin renders it);
- markup the Nu HTML checker rejects is repaired: ``<style>`` elements move into ``<head>``,
  the MathJax scripts go (the maths is rendered at build time), the copy buttons get valid
  attributes.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable

from markdown.extensions.toc import slugify

from sitebuild.katex import NOTEBOOK_MARKDOWN

# nbconvert's HTML exporter gives every image without one a placeholder alt text before its src.
NBCONVERT_FIGURE = re.compile(r'<img (?:alt="[^"]*" )?src="data:image/svg\+xml;base64,(?P<data>[^"]+)"\s*/?>')
EMBEDDED_IMAGE = re.compile(r'src="data:image/')
HEADING_LINK = re.compile(r'href="#(?P<fragment>[^"]*)"')
STYLE = re.compile(
    r"<style[^>]*>.*?</style>\s*|<link rel=\"stylesheet\" href=\"[^\"]*assets/notebooks/[^\"]*\">\s*", re.S
)
UNUSED_SCRIPT = re.compile(
    r"<script[^>]*>(?:(?!</script>).)*?(?:MathJax|mathjax|ClipboardCopyElement|jp-Mermaid)(?:(?!</script>).)*</script>\s*"
    r'|<script[^>]*(?:mathjax|MathJax)[^>]*>\s*</script>\s*|<script src="">\s*</script>\s*',
    re.S,
)
CLIPBOARD = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*'
    r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>',  # the code again, for the copy button that went
    re.S,
)
PARAGRAPH = re.compile(r"<p>(?P<body>(?:(?!</?p>).)*?)</p>", re.S)
DISPLAY_MATH = re.compile(r'<span class="arithmatex">(\\\[.*?\\\])</span>', re.S)
HIGHLIGHTED_CODE = re.compile(r'(<div class="highlight-ipynb[^"]*"><pre>)(.*?)(</pre>)', re.S)
PLAIN_NAME = re.compile(r'<span class="n">([^<]*)</span>')  # Jupyter's stylesheet gives names no style
EMPTY_COLLAPSER = re.compile(r'<div class="jp-Collapser [^"]*">\s*</div>\s*')
# A cell's input and each of its outputs: nbconvert's own markup, one class attribute per tag.
CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')
# An exercise's solution, as the generator writes it: a quoted title ending the exercise's Markdown
# cell, its code cells, and quoted prose opening the next Markdown cell.
SOLUTION_TITLE = re.compile(
    r"<blockquote>\s*<p><strong>(?P<title>Solution to exercise \d+)</strong></p>\s*</blockquote>\s*"
    r"(?P<end>(?:</div>\s*){4})"
)
MARKDOWN_CELL = re.compile(r'<div class="jp-Cell jp-MarkdownCell[^>]*>.*?data-mime-type="text/markdown">\s*', re.S)
QUOTES = re.compile(r"(?:<blockquote>.*?</blockquote>\s*)+", re.S)
CELL_END = re.compile(r"(?:</div>\s*){4}")
# What the glossary's terms are not looked for in: code, maths (marked by katex.mark_notebook_math), terms.
NOT_PROSE = re.compile(
    r'(<code\b.*?</code>|<pre\b.*?</pre>|<abbr\b.*?</abbr>|<span class="arithmatex">.*?</span>|<[^>]*>)', re.S
)
GLOSSARY_ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<title>.+?)\s*$", re.M)


def site_anchor(jupyter_anchor: str) -> str:
    """The id mkdocs-jupyter gives a heading, from the id Jupyter gives it (``The-model`` -> ``the-model``)."""
    return slugify(jupyter_anchor.replace("-", " "), "-")


def finish_notebook_page(
    page_html: str, figures: list[dict], links: str, site_url: str, link_to: Callable[[str], str]
) -> str:
    """The page with ``figures`` (the lesson's, in order: svg, url, alt, width, height) and ``links``;
    ``link_to`` turns a page's path on the site at ``site_url`` (``tensors/``) into a link from this page."""
    page_html = _with_figure_files(page_html, figures)
    site_link = re.compile(rf'(?P<start><a [^>]*?href="){re.escape(site_url)}(?P<path>[^"#]*)(?P<fragment>#[^"]*)?"')
    page_html = site_link.sub(lambda m: f'{m["start"]}{link_to(m["path"])}{m["fragment"] or ""}"', page_html)
    page_html = HEADING_LINK.sub(lambda m: f'href="#{site_anchor(m["fragment"])}"', page_html)
    page_html = re.sub(r"(</h1>)", lambda m: m[1] + links, page_html, count=1)
    # The maths is rendered at build time, copying code is for the lesson page and the download,
    # and no diagram needs Mermaid: these scripts would only fetch from other hosts.
    page_html = UNUSED_SCRIPT.sub("", page_html)
    page_html = CLIPBOARD.sub("", page_html)
    page_html = CHECKBOX_AUTOCOMPLETE.sub(r"\1", page_html)  # Material's toggles: not allowed on a checkbox
    # Lighter, looking the same: names are plain text, and the empty collapser boxes go.
    page_html = HIGHLIGHTED_CODE.sub(lambda m: m[1] + PLAIN_NAME.sub(r"\1", m[2]) + m[3], page_html)
    page_html = EMPTY_COLLAPSER.sub("", page_html)
    # Code cells scroll sideways; like Material's code blocks, they must take keyboard focus to do so.
    page_html = page_html.replace('<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb')
    return _styles_in_head(collapsed_solutions(page_html))


def _with_figure_files(page_html: str, figures: list[dict]) -> str:
    found = NBCONVERT_FIGURE.findall(page_html)
    if len(found) != len(figures):
        raise ValueError(f"shows {len(found)} figures, its lesson page {len(figures)}")
    for data, figure in zip(found, figures, strict=True):
        if base64.b64decode(data).decode().strip() != figure["svg"].strip():
            raise ValueError(f"figure {figure['alt']!r} differs from the lesson page's")
    remaining = iter(figures)

    def image(match: re.Match) -> str:
        figure = next(remaining)
        return (
            f'<img class="notebook-figure" src="{figure["url"]}" alt="{html.escape(figure["alt"])}" '
            f'width="{figure["width"]}" height="{figure["height"]}" loading="lazy">'
        )

    page_html = NBCONVERT_FIGURE.sub(image, page_html)
    if EMBEDDED_IMAGE.search(page_html):
        raise ValueError("an image is still embedded in the page")
    return page_html


def _styles_in_head(page_html: str) -> str:
    """Move the notebook's stylesheets from the body into the head, where HTML allows them."""
    head_end = page_html.index("</head>")
    body = page_html[head_end:]
    styles = [match[0].strip() for match in STYLE.finditer(body)]
    return page_html[:head_end] + "\n".join(styles) + "\n" + STYLE.sub("", body)


def display_maths_out_of_paragraphs(page_html: str) -> str:
    """A display formula inside a ``<p>`` becomes a ``<div>`` of its own (a div cannot sit in a p)."""

    def split(paragraph: re.Match) -> str:
        parts = DISPLAY_MATH.split(paragraph["body"])
        if len(parts) == 1:
            return paragraph[0]
        pieces = []
        for i, part in enumerate(parts):
            if i % 2:
                pieces.append(f'<div class="arithmatex">{part}</div>')
            elif part.strip():
                pieces.append(f"<p>{part.strip()}</p>")
        return "\n".join(pieces)

    return PARAGRAPH.sub(split, page_html)


def collapsed_solutions(page_html: str) -> str:
    """Each exercise's solution (its code cells and the quoted prose after them) collapsed under its
    title, as the lesson page's ``??? success "Solution to exercise N"`` is; the .ipynb keeps plain cells."""
    pieces, position = [], 0
    while title := SOLUTION_TITLE.search(page_html, position):
        cell = MARKDOWN_CELL.search(page_html, title.end())
        if cell is None:
            raise ValueError(f"{title['title']}: no Markdown cell after it")
        summary = f'<details class="success"><summary>{title["title"]}</summary>'
        pieces += [page_html[position : title.start()], title["end"], summary, page_html[title.end() : cell.start()]]
        quotes = QUOTES.match(page_html, cell.end())
        if quotes is None:  # no prose after the code
            pieces.append("</details>")
            position = cell.start()
            continue
        prose = cell[0] + re.sub(r"</?blockquote>", "", quotes[0])  # quoted in the .ipynb, plain in the box
        if end := CELL_END.match(page_html, quotes.end()):  # the whole cell is the solution's
            pieces += [prose, end[0], "</details>"]
            position = end.end()
        else:  # the cell goes on after the solution's prose: the rest is a cell of its own
            rest = re.sub(r' id="[^"]*"', "", cell[0], count=1)
            pieces += [prose, "</div></div></div></div></details>", rest]
            position = quotes.end()
    return "".join(pieces) + page_html[position:]


def glossary(markdown: str) -> dict[str, str]:
    """The abbreviations (``*[term]: definition``) of a Markdown file, as Python-Markdown's abbr reads them."""
    return {match["term"]: match["title"] for match in GLOSSARY_ENTRY.finditer(markdown)}


def with_glossary_terms(page_html: str, terms: dict[str, str]) -> str:
    """Each term of ``terms`` in the prose of the notebook's Markdown cells as ``<abbr title="definition">``,
    as Python-Markdown's abbr extension marks it on the lesson pages (Material shows it as a tooltip)."""
    if not terms:
        return page_html
    term = re.compile(rf"\b(?:{'|'.join(re.escape(t) for t in sorted(terms, key=len, reverse=True))})\b")

    def marked(text: str) -> str:
        return term.sub(lambda m: f'<abbr title="{html.escape(terms[m[0]])}">{m[0]}</abbr>', text)

    def in_cell(cell: re.Match) -> str:
        parts = NOT_PROSE.split(cell[2])
        return cell[1] + "".join(part if i % 2 else marked(part) for i, part in enumerate(parts)) + cell[3]

    return NOTEBOOK_MARKDOWN.sub(in_cell, page_html)
