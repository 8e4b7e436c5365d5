"""Pages run in parallel: the same site as a serial build, and the first failing page reported.

Each build is the engine's run step and render in-process (``Project.render``): the pages with
cache misses run at once, up to ``jobs``, then each page renders through a bare ``markdown.Markdown``.
"""

from __future__ import annotations

import os
import shutil

import pytest
from engine_project import HANGS_NAMING_ITS_WORKER, Project, figures, gone, wait_until

pytestmark = pytest.mark.slow

PAGE_SNIPPET = """\
import matplotlib.pyplot as plt
import torch

NAME = "{name}"
values = torch.randn(4)
print(NAME, values)
fig, ax = plt.subplots()
ax.plot(values.numpy())
ax.set_title(f"Values of {{NAME}}")
"""


@pytest.fixture
def project(tmp_path) -> Project:
    path = tmp_path / "project"
    path.mkdir()
    return Project(path)


def _pages(project: Project, names: list[str], snippet: str) -> None:
    for name in names:
        project.write(f"snippets/demo/{name}.py", snippet.format(name=name))
        page = "index" if name == names[0] else name
        project.write(f"docs/{page}.md", f'# {name}\n\n```python exec="demo/{name}.py"\n```\n')


def test_a_parallel_build_is_byte_identical_to_a_serial_one(project, tmp_path):
    _pages(project, ["one", "two", "three", "four"], PAGE_SNIPPET)
    serial = project.render(jobs=1, cache_dir=str(tmp_path / "c1"))
    serial_figures = figures(project)
    shutil.rmtree(project.path / "docs" / "assets")  # the parallel build writes its own
    parallel = project.render(jobs=3, cache_dir=str(tmp_path / "c3"))
    assert len(serial.executed) == 4
    assert len(parallel.executed) == 4
    assert len(serial_figures) == 8  # light and dark, one figure a page
    assert serial_figures == figures(project)
    assert serial.pages == parallel.pages


TOGETHER = """\
import os
import time
from pathlib import Path

meeting = Path(os.environ["ENGINE_TEST_MEETING"])
(meeting / "{name}").touch()
deadline = time.monotonic() + 120
while len(os.listdir(meeting)) < 3 and time.monotonic() < deadline:
    time.sleep(0.05)
print("{name}:", "together" if len(os.listdir(meeting)) >= 3 else "alone")
"""


def test_pages_run_at_once_up_to_snippets_jobs(project, tmp_path):
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    _pages(project, ["a", "b", "c"], TOGETHER)
    result = project.render(jobs=3, env={"ENGINE_TEST_MEETING": str(meeting)})
    for page, name in (("index.md", "a"), ("b.md", "b"), ("c.md", "c")):
        assert f"{name}: together" in result.html(page)


WAITS_FOR = """\
import os
import time
from pathlib import Path

Path(os.environ["ENGINE_TEST_DIR"], "{name}").touch()
while not Path(os.environ["ENGINE_TEST_DIR"], "{other}").exists():
    time.sleep(0.05)
time.sleep({pause})
{action}
"""


def test_a_failing_page_among_parallel_ones_names_its_line_and_leaves_nothing(project, tmp_path):
    shared, temp = tmp_path / "shared", tmp_path / "tmp"
    shared.mkdir()
    temp.mkdir()
    project.write("snippets/demo/fine.py", "print('fine')\n")
    project.write(
        "snippets/demo/fails.py",
        WAITS_FOR.format(name="fails", other="pids", pause=0, action="raise ValueError('page b fails')"),
    )
    project.write("snippets/demo/hangs.py", HANGS_NAMING_ITS_WORKER)
    project.page("demo/fine.py")
    project.write("docs/b.md", '# B\n\n```python exec="demo/fails.py"\n```\n')
    project.write("docs/c.md", '# C\n\n```python exec="demo/hangs.py"\n```\n')
    env = {"ENGINE_TEST_DIR": str(shared), "ENGINE_TEST_PIDS": str(shared / "pids"), "TMPDIR": str(temp)}
    error = project.fails(jobs=3, env=env)
    assert "docs/b.md:3: snippets/demo/fails.py:9: ValueError: page b fails" in error
    assert "docs/c.md" not in error
    pids = [int(pid) for pid in (shared / "pids").read_text().split()]
    assert wait_until(lambda: all(gone(pid) for pid in pids), 30), pids
    assert [p.name for p in temp.iterdir() if p.name.startswith("snippet-")] == []
    assert list(temp.iterdir()) == []  # nor the worker's own


def test_the_first_failing_page_in_order_is_reported_whichever_fails_first(project, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    project.write("snippets/demo/fine.py", "print('fine')\n")
    late = WAITS_FOR.format(name="late", other="early", pause=1, action="raise ValueError('the earlier page')")
    early = WAITS_FOR.format(name="early", other="late", pause=0, action="raise ValueError('the later page')")
    project.write("snippets/demo/late.py", late)
    project.write("snippets/demo/early.py", early)
    project.page("demo/fine.py")
    project.write("docs/b.md", '# B\n\n```python exec="demo/late.py"\n```\n')
    project.write("docs/c.md", '# C\n\n```python exec="demo/early.py"\n```\n')
    error = project.fails(jobs=3, env={"ENGINE_TEST_DIR": str(shared)})
    assert "docs/b.md:3: snippets/demo/late.py:9: ValueError: the earlier page" in error
    assert "the later page" not in error
    assert sorted(os.listdir(shared)) == ["early", "late"]  # both ran, at once


def test_snippets_jobs_must_be_a_whole_number(project):
    project.write("snippets/demo/fine.py", "print('fine')\n")
    project.page("demo/fine.py")
    assert "jobs='many' (from SNIPPETS_JOBS) is not valid" in project.fails(jobs="many")
