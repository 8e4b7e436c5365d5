"""Fewer DOM nodes, without changing how the page looks.

Pygments wraps every token of a code block in its own ``<span>``: on a lesson page that is
thousands of elements, most of them for names and spaces that Material draws in the code's
plain text colour anyway. After each page is rendered, this hook

- unwraps the spans whose class draws them in the plain text colour (``n`` names, ``w``
  whitespace, punctuation and operators, and Pygments' empty leading ``<span></span>``);
- merges neighbouring spans drawn in the same colour (the pieces of one f-string, a keyword
  pair such as ``is not``), also across the spaces between them, which show the same in any
  colour.

The code's text, and so what the copy button copies, is unchanged; comment spans (where
Material finds code annotations) are never merged with anything but comments.

Outside ``<pre>``, it also drops the blank text between tags that a browser never draws: at the
start or end of a block's content, and between two blocks (every such line break is a text node
of its own; a lesson page has about a thousand).
The sitebuild plugin applies both to every page it writes.
"""

from __future__ import annotations

import re

# Material's stylesheet colours .n and .kc with --md-code-hl-name-color, which it sets to the
# code's own colour in both schemes; .w and .sa (an f-string's f) have no rule at all; and the
# site's stylesheet (docs/stylesheets/snippets.css) draws operators and punctuation (.o, .ow, .p)
# in the code's own colour too. These are plain text.
PLAIN = {"n", "w", "kc", "sa", "o", "ow", "p"}
# Classes Material's stylesheet draws in one colour, each named by the first: a string's quotes,
# its text and the braces of an f-string are one span; so are the pieces of a number or keyword.
SAME_COLOUR = {
    cls: group[0]
    for group in (
        ("s2", "s", "s1", "sb", "sc", "si", "ss", "l", "cpf"),
        ("mi", "il", "m", "mb", "mf", "mh", "mo"),
        ("k", "kd", "kn", "kp", "kr", "kt", "nd", "ni", "nl", "nt"),
        ("nb", "bp", "no"),
        ("nf", "nc", "ne", "nn"),
    )
    for cls in group
}
PRE = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre>)", re.DOTALL)
# Elements that CSS lays out as blocks (Material's stylesheet too), and elements never drawn.
BLOCKS = {
    "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
HIDDEN = {"head", "link", "meta", "noscript", "script", "style", "title"}
BLOCK_OR_HIDDEN = BLOCKS | HIDDEN
TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
# A token span holding only text: Pygments' output has no nesting except line highlights (.hll),
# which this pattern leaves alone because their content holds tags.
TOKEN = re.compile(r'<span(?: class="(?P<cls>[\w-]+)")?>(?P<text>[^<]*)</span>')


def slim_code(page_html: str) -> str:
    """The page with the token spans of every ``<pre>`` unwrapped or merged as described above."""
    return PRE.sub(lambda m: m[1] + _slim(m[2]) + m[3], page_html)


def drop_blank_text(page_html: str) -> str:
    """The page without the blank text nodes between tags that are never drawn (``<pre>`` untouched)."""
    pieces, last = [], 0
    for match in PRE.finditer(page_html):
        pieces += [_drop_blanks(page_html[last : match.start()]), match[0]]
        last = match.end()
    pieces.append(_drop_blanks(page_html[last:]))
    return "".join(pieces)


def _slim(code: str) -> str:
    pieces: list[list] = []  # [class or None for plain text or other markup, text, is_markup]
    last = 0
    for match in TOKEN.finditer(code):
        _add(pieces, None, code[last : match.start()])
        cls = match["cls"]
        _add(pieces, None if cls is None or cls in PLAIN else SAME_COLOUR.get(cls, cls), match["text"])
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


def _drop_blanks(markup: str) -> str:
    parts = TAG_OR_TEXT.split(markup)  # text, tag, text, tag, …, text
    for i in range(2, len(parts) - 1, 2):
        if parts[i] and not parts[i].strip() and _never_drawn(parts[i - 1], parts[i + 1]):
            parts[i] = ""
    return "".join(parts)


def _never_drawn(before: str, after: str) -> bool:
    """Whether blank text between these two tags is collapsed away by every browser."""
    (closes_before, name_before), (closes_after, name_after) = _tag(before), _tag(after)
    if name_before in BLOCKS and not closes_before:
        return True  # leading space of a block's content
    if name_after in BLOCKS and closes_after:
        return True  # trailing space of a block's content
    # between a block and a block, or a block and something never drawn (<script>, <meta …>)
    return (name_before in BLOCK_OR_HIDDEN and name_after in BLOCK_OR_HIDDEN) and (
        name_before in BLOCKS or name_after in BLOCKS
    )


def _tag(tag: str) -> tuple[bool, str]:
    match = TAG_NAME.match(tag)
    return (bool(match[1]), match[2].lower()) if match else (False, "")
