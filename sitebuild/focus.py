"""Which glossary terms take keyboard focus.

Every occurrence of a glossary term is an ``<abbr title="…">`` whose definition shows on hover
(Material's tooltips). A keyboard reader reaches a definition by focusing the term, but one tab
stop per occurrence made a long page a slog (141 on one lesson), and a focusable term inside a
link is invalid HTML (a link already takes focus). So the first occurrence of each term in each
section (from one heading to the next) takes focus, outside links only; the others still show
the definition on hover.
"""

from __future__ import annotations

import re

TAG = re.compile(r"<(?P<end>/?)(?P<name>a|abbr|h[1-6])\b(?P<attributes>[^>]*)>", re.IGNORECASE)
TITLE = re.compile(r'\btitle="(?P<title>[^"]*)"')


def focusable_terms(page_html: str) -> str:
    """``page_html`` with ``tabindex="0"`` on the first occurrence of each term per section.

    >>> term = '<abbr title="x">X</abbr>'
    >>> page = f'<h2>A</h2>{term} {term} <a href="#">{term}</a><h2>B</h2><a href="#">{term}</a> {term}'
    >>> print(focusable_terms(page).replace(term, "X").replace('<abbr tabindex="0" title="x">X</abbr>', "[X]"))
    <h2>A</h2>[X] X <a href="#">X</a><h2>B</h2><a href="#">X</a> [X]
    """
    seen: set[str] = set()
    links = 0

    def tag(match: re.Match) -> str:
        nonlocal links
        name, end = match["name"].lower(), bool(match["end"])
        if name == "a":
            links = max(0, links + (-1 if end else 1))
        elif name.startswith("h") and not end:
            seen.clear()
        elif name == "abbr" and not end and links == 0 and "tabindex" not in match["attributes"]:
            title = TITLE.search(match["attributes"])
            if title is not None and title["title"] not in seen:
                seen.add(title["title"])
                return f'<abbr tabindex="0"{match["attributes"]}>'
        return match[0]

    return TAG.sub(tag, page_html)
