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
    figure_files: list[list[str]]  # where the build keeps those figures, light and dark SVG in turn

    def printed(self, name: str) -> str:
        """What the snippet with this file name (``step7_train.py``) printed."""
        (output,) = [out for path, out in zip(self.snippets, self.outputs, strict=True) if path.name == name]
        return output


# Not the seed the build gives every page: a lesson that relies on the build's seeding, and not on
# seeds of its own, prints something else here than on its page, as it would for a reader.
READERS_SEED = 12345


def run_lesson(page: str) -> LessonRun:
    """Run the page's snippets as a reader pasting them in order into a fresh Python would: in one
    namespace, in a temporary working directory, the random generators not seeded by the build.
    Each figure a snippet leaves open is saved as the build saves it, and closed."""
    import random

    import matplotlib as mpl
    import matplotlib.pyplot as plt
    import numpy as np
    import torch

    from sitebuild.engine import figure_path
    from sitebuild.figures import light_and_dark_svg

    mpl.rc_file_defaults()  # matplotlib's settings as a fresh Python has them: a lesson may have changed them
    random.seed(READERS_SEED)
    np.random.seed(READERS_SEED)
    torch.manual_seed(READERS_SEED)
    run = LessonRun(lesson_snippets(page), {"__name__": "__main__"}, [], [], [], [])
    with tempfile.TemporaryDirectory() as workdir, contextlib.chdir(workdir):
        for path in run.snippets:
            stdout = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(stdout):
                exec(compile(path.read_text(), str(path), "exec"), run.namespace)
            run.seconds.append(time.perf_counter() - started)
            saved = [light_and_dark_svg(plt.figure(number)) for number in plt.get_fignums()]
            run.figures.append(len(saved))
            run.figure_files.append([figure_path(svg[key]) for svg in saved for key in ("svg", "svg_dark")])
            plt.close("all")
            run.outputs.append(stdout.getvalue())
    return run
