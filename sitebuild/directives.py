"""Find the executable snippets a lesson page embeds, and render their results as Markdown.

A page embeds ``snippets/linear_regression/step1_load_dataset.py`` with an empty fence::

    ```python exec="linear_regression/step1_load_dataset.py"
    ```

The fence may be indented (inside a content tab or an admonition). When a Material code
annotation list follows the fence, it stays attached to the code block, and the output
comes after the list.

``sitebuild.extension`` puts the rendered Markdown into the page after ``pymdownx.snippets`` has
run, so no include or other text preprocessor ever acts on a snippet's code or output.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

FENCE_OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
EXEC_INFO = re.compile(r'^python exec="(?P<path>[^"]+)"[ \t]*$')  # the one form of an ``exec`` fence
MENTIONS_EXEC = re.compile(r"\bexec\b")
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


class DirectiveError(ValueError):
    """An ``exec`` fence the engine cannot run: ``line`` (1-based) is where it stands."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def find_directives(markdown: str) -> list[Directive]:
    """Return the page's ``exec`` fences in page order, reading fences as the Markdown does.

    A fence inside another fenced block (a ````` ````markdown ````` example) or an HTML comment is
    not run. A fence that mentions ``exec`` but is not exactly an empty ```` ```python exec="path" ````
    fence raises DirectiveError, so that no snippet is silently left out.

    >>> page = 'Intro\\n\\n```python exec="demo/hello.py"\\n```\\n\\nMore text.\\n'
    >>> [(d.path, d.line) for d in find_directives(page)]
    [('demo/hello.py', 3)]
    >>> find_directives('```py exec="demo/hello.py"\\n```\\n')  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    DirectiveError: an exec fence is written ```python exec="<path under snippets/>"```
    """
    lines = markdown.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    directives, number, comment = [], 0, False
    while number < len(lines):
        line = lines[number]
        if comment or line.lstrip().startswith("<!--"):
            comment = "-->" not in line[line.find("<!--") + 4 :] if not comment else "-->" not in line
            number += 1
            continue
        opening = FENCE_OPENING.match(line)
        if opening is None:
            number += 1
            continue
        closing = _closing_line(lines, number, opening)
        if MENTIONS_EXEC.search(opening["info"]):
            path = _exec_path(opening, closing, number)
            end, annotations = _annotation_list(markdown, starts[closing] + len(lines[closing]), opening["indent"])
            directives.append(Directive(path, number + 1, opening["indent"], starts[number], end, annotations))
        number = closing + 1
    return directives


def _closing_line(lines: list[str], number: int, opening: re.Match) -> int | None:
    """The line that closes the fence opened on line ``number``, as superfences reads it."""
    fence = opening["fence"]
    for later in range(number + 1, len(lines)):
        text = lines[later].strip()
        if text.startswith(fence) and not text.strip(fence[0]):
            return later
    return None


def _exec_path(opening: re.Match, closing: int | None, number: int) -> str:
    form = EXEC_INFO.match(opening["info"])
    if opening["fence"] != "```" or form is None:
        raise DirectiveError(
            number + 1,
            'an exec fence is written ```python exec="<path under snippets/>"``` (three backticks, '
            f"nothing else on the line), not {opening['fence']}{opening['info']}",
        )
    if closing is None:
        raise DirectiveError(number + 1, "this exec fence is never closed")
    if closing != number + 1:
        raise DirectiveError(number + 1, "an exec fence must be empty: the snippet's code is its file's")
    return form["path"]


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


def render(directive: Directive, source: str, stdout: str, figures: list[str], stderr: str = "") -> str:
    """Markdown for one snippet: its code, what it printed, what it wrote to stderr, its figures
    (``figures``: a placeholder line for each, which ``sitebuild.extension`` replaces).

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
    if stderr:
        err = stderr.rstrip("\n")
        parts += [
            "",
            f'{fence_for(err)} {{ .text .snippet-stderr data-snippet="{name}" title="Standard error (stderr)" }}',
            err,
            fence_for(err),
        ]
    for placeholder in figures:  # the extension puts the figures, light and dark, in its place
        parts += ["", placeholder]
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


def missing_include_line(lines: list[str], error: Exception) -> int | None:
    """The 0-based line of the include ``error`` (pymdownx.snippets' SnippetMissingError) names."""
    found = re.search(r"'(.+)'", str(error))
    for number, line in enumerate(lines):
        if "8<" in line and (found is None or found[1] in line):
            return number
    return None


# The formulas of a page's Markdown, in page order (so that each ``$`` pairs with the right one):
# ``$$display$$`` or ``$inline$`` (not an escaped ``\$``). The build, the maths cache and the
# notebook generator all read formulas with these two; an inline formula may run over a line
# break in a page's source, and a rendered notebook cell keeps it on one line.
MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|(?<![\\$])\$(?P<inline>[^$]+?)\$", re.DOTALL)
MATH_ON_ONE_LINE = re.compile(r"\$\$(?P<display>.+?)\$\$|(?<![\\$])\$(?P<inline>[^$\n]+?)\$", re.DOTALL)
DOLLAR_MATH_INLINE = re.compile(
    r"(?:(?<!\\)((?:\\{2})+)(?=\$)|(?<!\\)(\$)(?!\s)((?:\\.|[^\\$\x02\x03])+?)(?<!\s)(?:\$))"
)  # pymdownx.arithmatex's inline pattern with smart_dollar, its default
DOLLAR_MATH_BLOCK = re.compile(r"\$\$(?:\\.|[^\\])+?\$\$", re.DOTALL)
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)


def dollar_amounts(markdown: str) -> list[tuple[int, str]]:
    """Where the page's prose has a dollar amount that arithmatex would typeset as maths.

    ``$5-$10`` is the formula ``5-`` followed by ``10``: a formula whose closing ``$`` is
    followed by a digit is a ``$`` followed by a digit taken for maths. Code is skipped; an
    escaped ``\\$`` is never maths. Returns (1-based line, the text) pairs.

    >>> dollar_amounts("It costs $5-$10, or $x^2$ when $x = 3$.\\n")
    [(1, '$5-$1')]
    >>> dollar_amounts("It costs \\\\$5-\\\\$10.\\n")
    []
    """
    prose = _mask(DOLLAR_MATH_BLOCK, mask_code(markdown))
    found = []
    for match in DOLLAR_MATH_INLINE.finditer(prose):
        if match[2] and prose[match.end() : match.end() + 1].isdigit():
            found.append((prose.count("\n", 0, match.start()) + 1, prose[match.start() : match.end() + 1]))
    return found


def mask_code(markdown: str) -> str:
    """The Markdown with its fenced code and code spans blanked out (line breaks kept): its prose."""
    return _mask(CODE_SPAN, _mask_fences(markdown))


def in_fences(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (its fences included), read as
    ``find_directives`` reads fences; an unclosed fence runs to the end.

    >>> in_fences(["text", "````md", "```", "# not a heading", "```", "````", "# a heading"])
    [False, True, True, True, True, True, False]
    """
    fenced, number = [False] * len(lines), 0
    while number < len(lines):
        opening = FENCE_OPENING.match(lines[number])
        if opening is None:
            number += 1
            continue
        closing = _closing_line(lines, number, opening)
        last = len(lines) - 1 if closing is None else closing
        fenced[number : last + 1] = [True] * (last + 1 - number)
        number = last + 1
    return fenced


def _mask_fences(markdown: str) -> str:
    """The Markdown with its fenced code blanked out (line breaks kept, for line numbers)."""
    lines = markdown.split("\n")
    return "\n".join("" if fenced else line for line, fenced in zip(lines, in_fences(lines), strict=True))


def _mask(pattern: re.Pattern, text: str) -> str:
    """``text`` with every match of ``pattern`` blanked out, line breaks kept."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
