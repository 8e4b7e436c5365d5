"""Find the executable snippets a lesson page embeds, and render their results as Markdown.

A page embeds ``snippets/linear_regression/step1_load_dataset.py`` with an empty fence::

    ```python exec="linear_regression/step1_load_dataset.py"
    ```

The fence may be indented (inside a content tab or an admonition). When a Material code
annotation list follows the fence, it stays attached to the code block, and the output
comes after the list.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

EXEC_FENCE = re.compile(
    r'^(?P<indent>[ \t]*)```python exec="(?P<path>[^"]+)"[ \t]*\n(?P=indent)```[ \t]*$',
    re.MULTILINE,
)
ANNOTATION_ITEM = re.compile(r"\d+\.\s")


@dataclass(frozen=True)
class Directive:
    """One ``exec`` fence on a page: which snippet, where, and the text it replaces."""

    path: str  # relative to snippets/
    line: int  # 1-based line of the fence in the page's Markdown
    indent: str
    start: int  # character span of the fence (and any annotation list after it)
    end: int
    annotations: str  # the annotation list that follows the fence, or ""


def find_directives(markdown: str) -> list[Directive]:
    """Return the page's ``exec`` fences in page order.

    >>> page = 'Intro\\n\\n```python exec="demo/hello.py"\\n```\\n\\nMore text.\\n'
    >>> [(d.path, d.line) for d in find_directives(page)]
    [('demo/hello.py', 3)]
    """
    directives = []
    for match in EXEC_FENCE.finditer(markdown):
        indent = match["indent"]
        end, annotations = _annotation_list(markdown, match.end(), indent)
        directives.append(
            Directive(
                path=match["path"],
                line=markdown.count("\n", 0, match.start()) + 1,
                indent=indent,
                start=match.start(),
                end=end,
                annotations=annotations,
            )
        )
    return directives


def _annotation_list(markdown: str, pos: int, indent: str) -> tuple[int, str]:
    """The ordered list right after a fence (one blank line between), as Material expects."""
    rest = markdown[pos:].split("\n")
    # rest[0] is what follows the closing fence on its line (""), rest[1] should be blank.
    if len(rest) < 3 or rest[1].strip() or not ANNOTATION_ITEM.match(rest[2].removeprefix(indent)):
        return pos, ""
    taken = []
    for line in rest[2:]:
        body = line.removeprefix(indent) if line.startswith(indent) else None
        if line.strip() and (body is None or not (ANNOTATION_ITEM.match(body) or body.startswith("    "))):
            break
        taken.append(line)
    while taken and not taken[-1].strip():
        taken.pop()
    text = "\n".join(taken)
    return pos + len("\n\n") + len(text), text


def fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run inside ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def render(directive: Directive, source: str, stdout: str, figures: list[dict]) -> str:
    """Markdown for one snippet: its code, what it printed, and the figures it drew.

    Each part carries ``data-snippet`` with the snippet's path, so tests can match them up.
    """
    name = html.escape(directive.path)
    code = source.rstrip("\n")
    parts = [
        f'{fence_for(code)} {{ .python .snippet-code data-snippet="{name}" title="{name}" }}',
        code,
        fence_for(code),
    ]
    if directive.annotations:
        parts += ["", _dedent(directive.annotations, directive.indent)]
    if stdout:
        out = stdout.rstrip("\n")
        parts += [
            "",
            f'{fence_for(out)} {{ .text .snippet-output data-snippet="{name}" title="Output" }}',
            out,
            fence_for(out),
        ]
    for figure in figures:  # drawn light and dark; Material shows the one for the reader's colour scheme
        alt = html.escape(figure["alt"])
        size = f'alt="{alt}" width="{figure["width"]}" height="{figure["height"]}" loading="lazy"'
        parts += [
            "",
            f'<img class="snippet-figure" data-snippet="{name}" src="{figure["url"]}#only-light" {size}>'
            f'<img class="snippet-figure-dark" data-snippet="{name}" src="{figure["dark_url"]}#only-dark" {size}>',
        ]
    return "\n".join(directive.indent + line if line else "" for line in "\n".join(parts).split("\n"))


def _dedent(text: str, indent: str) -> str:
    return "\n".join(line.removeprefix(indent) for line in text.split("\n"))


def replace_directives(markdown: str, rendered: list[str]) -> str:
    """Swap each fence (with its annotation list) for its rendered Markdown."""
    pieces, last = [], 0
    for directive, block in zip(find_directives(markdown), rendered, strict=True):
        pieces += [markdown[last : directive.start], block]
        last = directive.end
    pieces.append(markdown[last:])
    return "".join(pieces)
