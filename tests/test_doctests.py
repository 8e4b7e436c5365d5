"""Doctests in the snippets' docstrings, run in the namespace of the lesson that defines them, and in the
build machinery's (``sitebuild/``)."""

from __future__ import annotations

import ast
import doctest
import importlib

import pytest

from conftest import ROOT, lesson_pages, lesson_snippets


def _documented_functions(page: str) -> list[tuple[str, str]]:
    """(snippet file, function name) for every function or class in the page's snippets with a doctest."""
    found = []
    for path in lesson_snippets(page):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and ">>>" in (ast.get_docstring(node) or ""):
                found.append((str(path), node.name))
    return found


CASES = [(page, path, name) for page in lesson_pages() for path, name in _documented_functions(page)]


def test_the_lessons_have_doctests():
    assert CASES


@pytest.mark.parametrize(("page", "path", "name"), CASES, ids=[f"{p}::{n}" for p, _, n in CASES])
def test_doctest(lesson, page, path, name):
    namespace = lesson(page).namespace
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    # Parsed from the docstring itself: a class defined in exec'd code has no source file for
    # DocTestFinder to look in (its module is __main__, which under pytest-xdist has no file).
    test = doctest.DocTestParser().get_doctest(namespace[name].__doc__, dict(namespace), f"{path}::{name}", path, 0)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} doctest example(s) failed in {path}::{name}"


ENGINE_MODULES = sorted(p.stem for p in (ROOT / "sitebuild").glob("*.py") if ">>>" in p.read_text())


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_engine_doctest(module):
    failed, tried = doctest.testmod(importlib.import_module(f"sitebuild.{module}"))
    assert tried > 0
    assert failed == 0, f"{failed} doctest example(s) failed in sitebuild/{module}.py"
