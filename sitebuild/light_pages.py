"""MkDocs hook: fewer DOM nodes in highlighted code, without changing how it looks.

Pygments wraps every token of a code block in its own ``<span>``: on a lesson page that is
thousands of elements, most of them for names and spaces that Material draws in the code's
plain text colour anyway. After each page is rendered, this hook

- unwraps the spans whose class draws them in the plain text colour (``n`` names, ``w``
  whitespace, and Pygments' empty leading ``<span></span>``);
- merges neighbouring spans of the same class (``)`` and ``:``, or the pieces of one
  f-string), also across the spaces between them, which show the same in any colour.

The code's text, and so what the copy button copies, is unchanged; comment spans (where
Material finds code annotations) are never merged with anything but comments.
Registered in mkdocs.yml under ``hooks:``, after ``sitebuild/hook.py``.
"""

from __future__ import annotations

import re

# Material's stylesheet colours .n with --md-code-hl-name-color, which it sets to the code's
# own colour in both schemes; .w has no rule at all.
PLAIN = {"n", "w"}
PRE = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre>)", re.DOTALL)
# A token span holding only text: Pygments' output has no nesting except line highlights (.hll),
# which this pattern leaves alone because their content holds tags.
TOKEN = re.compile(r'<span(?: class="(?P<cls>[\w-]+)")?>(?P<text>[^<]*)</span>')


def slim_code(page_html: str) -> str:
    """The page with the token spans of every ``<pre>`` unwrapped or merged as described above."""
    return PRE.sub(lambda m: m[1] + _slim(m[2]) + m[3], page_html)


def _slim(code: str) -> str:
    pieces: list[list] = []  # [class or None for plain text or other markup, text, is_markup]
    last = 0
    for match in TOKEN.finditer(code):
        _add(pieces, None, code[last : match.start()])
        cls = match["cls"]
        _add(pieces, None if cls is None or cls in PLAIN else cls, match["text"])
        last = match.end()
    _add(pieces, None, code[last:])
    # Merge a span with the next one of the same class when only spaces lie between them.
    merged: list[list] = []
    for piece in pieces:
        if merged and piece[0] is not None:
            if merged[-1][0] == piece[0]:
                merged[-1][1] += piece[1]
                continue
            if len(merged) > 1 and merged[-2][0] == piece[0] and merged[-1][0] is None and _spaces(merged[-1][1]):
                gap = merged.pop()
                merged[-1][1] += gap[1] + piece[1]
                continue
        merged.append(piece)
    return "".join(text if cls is None else f'<span class="{cls}">{text}</span>' for cls, text in merged)


def _add(pieces: list[list], cls: str | None, text: str) -> None:
    if not text:
        return
    if pieces and cls is None and pieces[-1][0] is None:
        pieces[-1][1] += text
    else:
        pieces.append([cls, text])


def _spaces(text: str) -> bool:
    return text != "" and text.strip(" ") == ""


def on_post_page(output, page, config):
    return slim_code(output)
