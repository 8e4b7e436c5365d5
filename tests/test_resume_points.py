"""Under ``mkdocs serve``, an edited snippet's page starts where the snippets before it left off.

The page's child leaves a resume point (a paused copy of itself) before the first snippet it
reports on; the next run of that page from the same snippet, after the same snippets, starts
there. These tests drive the runner as ``mkdocs serve`` does (``warm=True``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_engine_safety import _wait_until

from sitebuild.execution import Snippet, SnippetError, SnippetRunner

pytestmark = pytest.mark.slow


class Lesson:
    """A two-snippet page: ``first.py`` logs each run of it; ``second.py`` is the one edited."""

    def __init__(self, root: Path, first: str):
        self.root = root
        self.runs = root.parent / "runs.txt"  # outside the project: not an input the cache watches
        (root / "snippets" / "demo").mkdir(parents=True)
        (root / "snippets" / "demo" / "first.py").write_text(
            f"with open({str(self.runs)!r}, 'a') as log:\n    log.write('first ran\\n')\n{first}"
        )

    def snippets(self, runner: SnippetRunner, second: str) -> list[Snippet]:
        (self.root / "snippets" / "demo" / "second.py").write_text(second)
        return [runner.load("demo/first.py"), runner.load("demo/second.py")]

    def first_runs(self) -> int:
        return len(self.runs.read_text().splitlines())


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The project's root; the worker's temporary files go to tmp_path/tmp."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "project").mkdir()
    return tmp_path / "project"


@pytest.fixture
def serving(project):
    """A runner as ``mkdocs serve`` keeps one."""
    runner = SnippetRunner(root=project, cache_dir=project / ".cache", timeout=60, rerun=False, warm=True)
    yield runner
    runner.stop()


FIRST = """\
import random

import numpy as np
import torch

value = random.random(), np.random.rand(), torch.rand(1).item()
with open("made.txt", "w") as made:
    made.write("made by the first snippet\\n")
"""


def _second(edit: int) -> str:
    return f"""\
with open("made.txt", "a") as made:
    made.write("and the second\\n")
print(value, random.random(), np.random.rand(), torch.rand(1).item())
print(open("made.txt").read().splitlines())
print("edit {edit}")
"""


def test_an_edited_snippet_starts_where_the_snippets_before_it_left_off(serving, project, tmp_path):
    lesson = Lesson(project, FIRST)
    serving.run(lesson.snippets(serving, _second(0)))
    assert lesson.first_runs() == 1
    shown = []
    for edit in (1, 2, 3):
        shown.append(serving.run(lesson.snippets(serving, _second(edit)))[1]["stdout"])
    # The first edit ran the page from its start and left a point; the next two started there.
    assert lesson.first_runs() == 2
    assert list((tmp_path / "tmp").glob("snippet-resume-*"))
    # Each shows what a whole run shows: the same random numbers, the file as the first snippet left it.
    fresh = SnippetRunner(root=project, cache_dir=tmp_path / "fresh", timeout=60, rerun=True, warm=False)
    for edit, stdout in zip((1, 2, 3), shown, strict=True):
        assert stdout == fresh.run(lesson.snippets(fresh, _second(edit)))[1]["stdout"]
        assert "['made by the first snippet', 'and the second']" in stdout
    fresh.close()


def test_a_resumed_run_that_hangs_or_crashes_fails_as_a_whole_run_does_and_the_point_stays(project):
    runner = SnippetRunner(root=project, cache_dir=project / ".cache", timeout=3, rerun=False, warm=True)
    try:
        lesson = Lesson(project, FIRST)
        runner.run(lesson.snippets(runner, _second(0)))
        runner.run(lesson.snippets(runner, _second(1)))  # leaves the point
        with pytest.raises(SnippetError, match="did not finish within 3 s"):
            runner.run(lesson.snippets(runner, "while True:\n    pass\n"))
        with pytest.raises(SnippetError, match="exited with status 3"):
            runner.run(lesson.snippets(runner, "import os\n\nos._exit(3)\n"))
        assert "edit 2" in runner.run(lesson.snippets(runner, _second(2)))[1]["stdout"]
        assert lesson.first_runs() == 2  # all three started from the point
    finally:
        runner.stop()


def test_editing_a_snippet_before_it_runs_the_page_from_its_start(serving, project):
    lesson = Lesson(project, FIRST)
    for edit in (0, 1, 2):
        serving.run(lesson.snippets(serving, _second(edit)))
    assert lesson.first_runs() == 2
    first = project / "snippets" / "demo" / "first.py"
    first.write_text(first.read_text() + "value = 0.5\n")
    stdout = serving.run(lesson.snippets(serving, _second(3)))[1]["stdout"]
    assert lesson.first_runs() == 3
    assert stdout.startswith("0.5 ")  # the first snippet's new last line


def test_a_page_holding_a_file_open_for_writing_leaves_no_point(serving, project, tmp_path):
    lesson = Lesson(project, 'notes = open("notes.txt", "w")\n' + FIRST)
    for edit in (0, 1, 2, 3):
        serving.run(lesson.snippets(serving, _second(edit)))
    assert lesson.first_runs() == 4  # every edit ran the page from its start
    assert not list((tmp_path / "tmp").glob("snippet-resume-*"))


def test_resume_points_end_with_the_worker_and_remove_their_copies(serving, project, tmp_path):
    lesson = Lesson(project, FIRST)
    for edit in (0, 1, 2):
        serving.run(lesson.snippets(serving, _second(edit)))
    assert list((tmp_path / "tmp").glob("snippet-resume-*"))
    serving.stop()

    def left() -> list[Path]:
        return list((tmp_path / "tmp").glob("snippet-*"))  # torch leaves a cache folder of its own there

    assert _wait_until(lambda: not left(), 20), left()


def test_a_build_leaves_no_point(project, tmp_path):
    lesson = Lesson(project, FIRST)
    for edit in (0, 1, 2):
        runner = SnippetRunner(root=project, cache_dir=project / ".cache", timeout=60, rerun=False)
        runner.run(lesson.snippets(runner, _second(edit)))
        runner.close()
    assert lesson.first_runs() == 3
    assert not list((tmp_path / "tmp").glob("snippet-*"))
