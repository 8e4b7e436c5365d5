"""Every lesson's exercises, checked the same way: where they sit, their form, and what they leave alone.

A lesson ends with a ``## Exercises`` section. Each exercise is a bold ``**Exercise N.**`` statement
and a collapsed solution, ``??? success "Solution to exercise N"``, holding the exec fence of
``<folder>/exerciseN_<name>.py``. The build runs the solutions after the lesson's snippets, in the
lesson's namespace, and the notebook generator turns each solution into a code cell; so:

1. the solutions' snippets come last on the page, numbered 1..n in order, with 2 <= n <= 5;
2. ``## Exercises`` is the page's last ``##`` section, in the form the notebook generator reads
   (the solution's fence right under its title, then a paragraph in the block explaining it);
3. no solution rebinds a name the lesson's snippets bound at module level (a reader who opens a
   solution and then reruns a lesson block must not find the lesson changed).

Nothing here runs a snippet: the page and the snippets' source say all of it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DOCS, SNIPPETS, lesson_pages
from sitebuild.directives import Directive, find_directives
from sitebuild.notebooks import _code_source, make_notebook

EXERCISE_FILE = re.compile(r"exercise(?P<number>\d+)_\w+\.py")

# Names a page's solutions may rebind although the lesson bound them, each with why that is harmless.
# (Importing the same thing under the same name again, like ``import torch``, is always allowed.)
ALLOWED_REBINDINGS: dict[str, dict[str, str]] = {
    "network-design.md": {"layer": "parameters.py's loop variable; no lesson snippet reads it after that loop"},
}


@dataclass(frozen=True)
class Binding:
    """A name a snippet binds at module level, where, and what it imports (``None`` when not an import)."""

    name: str
    line: int
    imported: str | None


def module_level_bindings(path: Path) -> list[Binding]:
    """Every name the snippet binds (or deletes) in the namespace it runs in.

    That is: assignment and augmented-assignment targets, ``for``/``with``/``except``/``match``
    targets, ``:=`` (also inside a comprehension, whose own loop variables stay inside it), ``del``,
    imports, ``def`` and ``class`` names, and names a function declares ``global``. Not what a
    function, class or lambda binds in its own body.
    """
    bindings: list[Binding] = []

    def bind(name: str, node: ast.AST, imported: str | None = None) -> None:
        bindings.append(Binding(name, node.lineno, imported))

    def visit(node: ast.AST, in_comprehension: bool = False) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bind(node.name, node)
            for inner in ast.walk(node):  # a function may rebind a module name by declaring it global
                if isinstance(inner, ast.Global):
                    for name in inner.names:
                        bind(name, inner)
            # decorators, default values, annotations and base classes run at module level
            outside = [*node.decorator_list, *getattr(node, "bases", []), *getattr(node, "keywords", [])]
            if not isinstance(node, ast.ClassDef):
                outside += [*node.args.defaults, *(d for d in node.args.kw_defaults if d), node.returns]
            for child in outside:
                if child is not None:
                    visit(child)
            return
        if isinstance(node, ast.Lambda):
            for child in [*node.args.defaults, *(d for d in node.args.kw_defaults if d)]:
                visit(child)
            return
        if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            in_comprehension = True  # its loop variables are its own; a := inside it binds outside
        if isinstance(node, ast.NamedExpr):
            bind(node.target.id, node)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del) and not in_comprehension:
            bind(node.id, node)
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            bind(node.name, node)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bind(node.rest, node)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:  # import a.b as c: c is the module a.b
                    bind(alias.asname, node, alias.name)
                else:  # import a.b: a is the module a
                    bind(alias.name.split(".")[0], node, alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    bind("*", node)  # binds names nobody can list: never allowed in a solution
                else:  # from a import b (as c): c is a.b, a submodule or a name of a
                    bind(alias.asname or alias.name, node, f"{'.' * node.level}{node.module or ''}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child, in_comprehension)

    visit(ast.parse(path.read_text(), filename=str(path)))
    return bindings


def page_lines(page: str) -> list[str]:
    return (DOCS / page).read_text().split("\n")


def section_headings(lines: list[str]) -> list[tuple[int, str]]:
    """The page's ``##`` headings outside code fences, as (1-based line, heading line)."""
    headings, fenced = [], False
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            headings.append((number, line.rstrip()))
    return headings


def split_exercises(page: str) -> tuple[list[Directive], list[Directive]]:
    """The page's exec fences: the lesson's, and the exercises' (whose file is ``exerciseN_...``)."""
    directives = find_directives((DOCS / page).read_text())
    exercises = [d for d in directives if EXERCISE_FILE.fullmatch(Path(d.path).name)]
    return [d for d in directives if d not in exercises], exercises


PAGES = lesson_pages()


def test_every_lesson_page_is_checked():
    """The parametrization covers real pages: a change to lesson_pages() that found none would fail here."""
    assert len(PAGES) >= 10, PAGES


@pytest.mark.parametrize("page", PAGES)
def test_exercises_come_last_numbered_in_order(page):
    lesson, exercises = split_exercises(page)
    assert 2 <= len(exercises) <= 5, (
        f"{page}: {len(exercises)} exercise snippets ({[d.path for d in exercises]}); a lesson has 2 to 5 exercises"
    )
    last_lesson = lesson[-1]
    for directive in exercises:
        assert directive.line > last_lesson.line, (
            f"{page}:{directive.line}: exercise snippet {directive.path} comes before lesson snippet "
            f"{last_lesson.path} ({page}:{last_lesson.line}); the solutions run after the lesson, so they come last"
        )
    for number, directive in enumerate(exercises, start=1):
        assert EXERCISE_FILE.fullmatch(Path(directive.path).name)["number"] == str(number), (
            f"{page}:{directive.line}: exercise snippet {directive.path} is the page's exercise {number}; "
            f"name it exercise{number}_<name>.py and keep the exercises in order"
        )
    folders = {Path(d.path).parent for d in exercises}
    assert len(folders) == 1, f"{page}: the exercises' snippets are in several folders: {sorted(map(str, folders))}"
    (folder,) = folders
    embedded = {Path(d.path).name for d in exercises}
    stray = sorted(p.name for p in (SNIPPETS / folder).glob("exercise*.py") if p.name not in embedded)
    assert not stray, f"{page}: snippets/{folder}/ holds exercise solutions the page does not embed: {stray}"


@pytest.mark.parametrize("page", PAGES)
def test_exercises_are_the_last_section_in_the_form_the_notebook_generator_reads(page):
    lines = page_lines(page)
    headings = section_headings(lines)
    assert headings, f"{page}: no ## section"
    section_line, heading = headings[-1]
    assert heading == "## Exercises", (
        f"{page}:{section_line}: the last ## section is {heading!r}; the exercises are the page's last section"
    )
    _, exercises = split_exercises(page)
    for directive in exercises:
        assert directive.line > section_line, (
            f"{page}:{directive.line}: exercise snippet {directive.path} is above ## Exercises ({page}:{section_line})"
        )
    section = lines[section_line:]  # section[i] is the page's line section_line + 1 + i
    statements = [
        (section_line + 1 + i, int(match[1]))
        for i, line in enumerate(section)
        if (match := re.match(r"\*\*Exercise (\d+)\.\*\* ", line))
    ]
    assert [number for _, number in statements] == list(range(1, len(exercises) + 1)), (
        f"{page}: the exercise statements are numbered {[n for _, n in statements]} at lines "
        f"{[line for line, _ in statements]}; expected one '**Exercise N.** ' line for each of the "
        f"{len(exercises)} solutions, N = 1, 2, ... in order"
    )
    for (statement_line, number), directive in zip(statements, exercises, strict=True):
        title = f'??? success "Solution to exercise {number}"'
        solution = [
            page_line for page_line in range(statement_line, directive.line) if lines[page_line - 1].rstrip() == title
        ]
        assert solution, (
            f"{page}:{statement_line}: exercise {number} has no line {title!r} between its statement and its "
            f"snippet {directive.path} ({page}:{directive.line})"
        )
        # the fence right under the title, indented into the block the generator reads as the solution
        assert lines[solution[-1] : solution[-1] + 2] == [f'    ```python exec="{directive.path}"', "    ```"], (
            f"{page}:{solution[-1] + 1}: the solution of exercise {number} must be the fence "
            f"'    ```python exec=\"{directive.path}\"' and '    ```', right under {title!r}"
        )
        # then, in the same block after a blank line, the prose that explains the solution
        explanation = lines[solution[-1] + 2 : solution[-1] + 4]
        assert re.fullmatch(r"[ \t]*\n    \S.*", "\n".join(explanation)), (
            f"{page}:{solution[-1] + 3}: the solution of exercise {number} explains its code: a blank line, then "
            "prose indented by 4 spaces inside the block"
        )
    # and the generator does read it so: the statement, the solution's title as a quote, its code as a cell
    cells = [("".join(cell["source"]), cell["cell_type"]) for cell in make_notebook(DOCS / page)["cells"]]
    for number, directive in enumerate(exercises, start=1):
        where = [
            i for i, (source, kind) in enumerate(cells) if kind == "markdown" and f"**Exercise {number}.** " in source
        ]
        assert len(where) == 1, f"{page}: the notebook has {len(where)} cells with the statement of exercise {number}"
        (i,) = where
        assert cells[i][0].endswith(f"> **Solution to exercise {number}**"), (
            f"{page}: in the notebook, the statement of exercise {number} is not followed by its solution's title"
        )
        assert cells[i + 1] == (_code_source(directive.path), "code"), (
            f"{page}: in the notebook, the solution of exercise {number} is not the code cell of {directive.path}"
        )
        assert [(source[:2], kind) for source, kind in cells[i + 2 : i + 3]] == [("> ", "markdown")], (
            f"{page}: in the notebook, the solution of exercise {number} is not followed by its explanation, quoted"
        )


@pytest.mark.parametrize("page", PAGES)
def test_exercises_leave_the_lessons_names_alone(page):
    lesson, exercises = split_exercises(page)
    bound_by_lesson: dict[str, list[tuple[Directive, Binding]]] = {}
    for directive in lesson:
        for binding in module_level_bindings(SNIPPETS / directive.path):
            bound_by_lesson.setdefault(binding.name, []).append((directive, binding))
    allowed = ALLOWED_REBINDINGS.get(page, {})
    clashes, rebound = [], set()
    for directive in exercises:
        for binding in module_level_bindings(SNIPPETS / directive.path):
            assert binding.name != "*", (
                f"snippets/{directive.path}:{binding.line} ({page}): a star import binds names nobody can check"
            )
            earlier = bound_by_lesson.get(binding.name, [])
            same_import = binding.imported is not None and all(b.imported == binding.imported for _, b in earlier)
            if earlier and not same_import:
                rebound.add(binding.name)
            if earlier and not same_import and binding.name not in allowed:
                first, where = earlier[0]
                clashes.append(
                    f"snippets/{directive.path}:{binding.line} rebinds {binding.name!r}"
                    f"{f' (importing {binding.imported})' if binding.imported else ''}, "
                    f"which the lesson binds at snippets/{first.path}:{where.line}"
                )
    assert not clashes, (
        f"{page}: the solutions run in the lesson's namespace and must not change a name the lesson bound "
        "(give the solution's name another name):\n" + "\n".join(clashes)
    )
    unused = sorted(set(allowed) - rebound)
    assert not unused, f"{page}: ALLOWED_REBINDINGS lists {unused}, which no solution rebinds any more: remove them"


def test_module_level_bindings_sees_every_way_a_snippet_binds_a_name(tmp_path):
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "import torch\n"
        "import torch.nn as nn\n"
        "from math import exp\n"
        "a, (b, c) = 1, (2, 3)\n"
        "d += 1\n"
        "for e in range(3):\n"
        "    f = e\n"
        "with open('x') as g:\n"
        "    pass\n"
        "try:\n"
        "    pass\n"
        "except ValueError as h:\n"
        "    pass\n"
        "squares = [inner * inner for inner in range(3) if (k := inner)]\n"
        "del a\n"
        "def m(x=(n := 1)):\n"
        "    local = 2\n"
        "    global o\n"
        "    o = local\n"
        "class P:\n"
        "    attribute = 3\n"
        "q = lambda r: r\n"
    )
    bindings = module_level_bindings(snippet)
    assert {b.name for b in bindings} == set("abcdefghkmnoq") | {"P", "torch", "nn", "exp", "squares"}
    imported = {b.name: b.imported for b in bindings if b.imported}
    assert imported == {"torch": "torch", "nn": "torch.nn", "exp": "math.exp"}
