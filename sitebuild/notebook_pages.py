"""Finish a notebook page that mkdocs-jupyter rendered: light, valid HTML that links like the site.

- each figure, which nbconvert inlines as a base64 image, becomes an ``<img>`` of the same SVG
  file the lesson page shows (checked byte for byte), with the figure's title as alt text;
- links to the site's pages (the notebook links them at the build's ``site_url``:
  ``https://…/tensors/#the-numpy-bridge``) become links within the site (``../../tensors/#…``),
  which work offline too, and links to the notebook's own headings point at the ids
  mkdocs-jupyter gives them;
- the "Download notebook" (and "Open in Colab") buttons go under the title;
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
CLIPBOARD = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*', re.S)
PARAGRAPH = re.compile(r"<p>(?P<body>(?:(?!</?p>).)*?)</p>", re.S)
DISPLAY_MATH = re.compile(r'<span class="arithmatex">(\\\[.*?\\\])</span>', re.S)
KATEX_HTML = '<span class="katex-html" aria-hidden="true">'
HIGHLIGHTED_CODE = re.compile(r'(<div class="highlight-ipynb[^"]*"><pre>)(.*?)(</pre>)', re.S)
PLAIN_NAME = re.compile(r'<span class="n">([^<]*)</span>')  # Jupyter's stylesheet gives names no style
EMPTY_COLLAPSER = re.compile(r'<div class="jp-Collapser [^"]*">\s*</div>\s*')
# A cell's input and each of its outputs: nbconvert's own markup, one class attribute per tag.
CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')


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
    return _styles_in_head(page_html)


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


def mathml_only(page_html: str) -> str:
    """Keep only KaTeX's MathML, which browsers lay out themselves: a fraction of the HTML's weight.

    Display formulas take keyboard focus, as they scroll when wider than the column.
    """
    pieces, position = [], 0
    while (start := page_html.find(KATEX_HTML, position)) >= 0:
        pieces.append(page_html[position:start])
        depth, cursor = 0, start
        for tag in re.finditer(r"<span\b|</span>", page_html[start:]):
            depth += 1 if tag[0] == "<span" else -1
            if depth == 0:
                cursor = start + tag.end()
                break
        position = cursor
    pieces.append(page_html[position:])
    # A display formula wider than the column scrolls sideways, so it must take keyboard focus.
    return "".join(pieces).replace('<span class="katex-display">', '<span class="katex-display" tabindex="0">')
