"""Shared fixtures: run a lesson's snippets the way a reader would, and build the site once."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import torch

from sitebuild.directives import find_directives

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"

torch.set_num_threads(1)  # as in the build


@dataclass
class LessonRun:
    """A lesson's snippets run in page order in one namespace, as a reader pasting them would."""

    snippets: list[Path]
    namespace: dict
    outputs: list[str]  # what each snippet printed


def lesson_snippets(page: str) -> list[Path]:
    """The snippet files a page embeds, in page order."""
    return [SNIPPETS / d.path for d in find_directives((DOCS / page).read_text())]


def run_lesson(page: str) -> LessonRun:
    snippets = lesson_snippets(page)
    namespace: dict = {"__name__": "__main__"}
    outputs = []
    with tempfile.TemporaryDirectory() as workdir, contextlib.chdir(workdir):
        for path in snippets:
            stdout = io.StringIO()
            with contextlib.redirect_stdout(stdout):
                exec(compile(path.read_text(), str(path), "exec"), namespace)
            plt.close("all")
            outputs.append(stdout.getvalue())
    return LessonRun(snippets, namespace, outputs)


@pytest.fixture(scope="session")
def lesson():
    """``lesson("linear-regression.md")`` runs that page's snippets once per test session."""
    runs: dict[str, LessonRun] = {}

    def get(page: str) -> LessonRun:
        if page not in runs:
            runs[page] = run_lesson(page)
        return runs[page]

    return get


def lesson_pages() -> list[str]:
    """Every page that embeds at least one snippet."""
    return sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if find_directives(p.read_text()))


@pytest.fixture(scope="session")
def cpu_env() -> dict:
    """Environment for child processes: headless matplotlib, one thread, like the build."""
    return {**os.environ, "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1"}
