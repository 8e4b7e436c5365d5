"""What a lesson is, and how to run one in-process as a reader pasting its code blocks would.

A lesson is a page of ``docs/`` that embeds snippets. The tests, the notebook generator and the
benchmark all find lessons and their snippets here.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sitebuild.directives import find_directives

# The environment every run of the lessons gets (the build's worker, the tests, the benchmark), set
# before numpy and torch load their maths libraries: one thread each, and MKL's reproducible mode,
# so that a result does not depend on how memory happened to be aligned in that process.
REPRODUCIBLE_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MKL_CBWR": "COMPATIBLE",
}

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"


def lesson_pages() -> list[str]:
    """Every page that embeds snippets, relative to ``docs/``, in a stable order."""
    return sorted(p.name for p in DOCS.glob("*.md") if find_directives(p.read_text()))


def lesson_snippets(page: str) -> list[Path]:
    """The snippet files a page embeds, in page order."""
    return [SNIPPETS / d.path for d in find_directives((DOCS / page).read_text())]


@dataclass
class LessonRun:
    """A lesson's snippets run in page order in one namespace."""

    snippets: list[Path]
    namespace: dict
    outputs: list[str]  # what each snippet printed
    figures: list[int]  # how many figures each snippet left open
    seconds: list[float]  # how long each snippet ran

    def printed(self, name: str) -> str:
        """What the snippet with this file name (``step7_train.py``) printed."""
        (output,) = [out for path, out in zip(self.snippets, self.outputs, strict=True) if path.name == name]
        return output


def run_lesson(page: str) -> LessonRun:
    """Run the page's snippets in order, in one namespace, in a temporary working directory."""
    import matplotlib.pyplot as plt

    run = LessonRun(lesson_snippets(page), {"__name__": "__main__"}, [], [], [])
    with tempfile.TemporaryDirectory() as workdir, contextlib.chdir(workdir):
        for path in run.snippets:
            stdout = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(stdout):
                exec(compile(path.read_text(), str(path), "exec"), run.namespace)
            run.seconds.append(time.perf_counter() - started)
            run.figures.append(len(plt.get_fignums()))
            plt.close("all")
            run.outputs.append(stdout.getvalue())
    return run
