"""Snippets that try to outlive their page: processes that leave the page's process group, a snippet
that stops the process that supervises it, semaphores and shared memory left in /dev/shm. The engine
alone, rendered in-process."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from engine_project import Project, gone, wait_until

pytestmark = pytest.mark.slow

STARTS_ESCAPING_PROCESSES = """\
import os
import subprocess
from pathlib import Path

own_group = subprocess.Popen(["sleep", "300"], process_group=0)
own_session = subprocess.Popen(["sleep", "300"], start_new_session=True)
# a daemon: started by a shell that exits at once, in a session of its own
shell = subprocess.run(["sh", "-c", "setsid sleep 300 >/dev/null 2>&1 & echo $!"], capture_output=True, text=True)
pids = [own_group.pid, own_session.pid, int(shell.stdout)]
Path(os.environ["ENGINE_TEST_PIDS"]).write_text(" ".join(map(str, pids)))
print("started", len(pids))
"""


@pytest.fixture
def project(tmp_path) -> Project:
    path = tmp_path / "project"
    path.mkdir()
    return Project(path)


def test_processes_in_a_group_or_session_of_their_own_end_with_the_page(project, tmp_path):
    pids_file = tmp_path / "pids"
    project.write("snippets/demo/escapes.py", STARTS_ESCAPING_PROCESSES)
    project.page("demo/escapes.py")
    rendered = project.render(env={"ENGINE_TEST_PIDS": str(pids_file)})
    assert "started 3" in rendered.html()
    pids = [int(pid) for pid in pids_file.read_text().split()]
    assert wait_until(lambda: all(gone(pid) for pid in pids), 10), [pid for pid in pids if not gone(pid)]


STOPS_ITS_SUPERVISOR = """\
import os
import signal
import time

print("stopping", flush=True)
os.kill(os.getppid(), signal.SIGSTOP)
time.sleep(300)
"""


def test_a_snippet_that_stops_its_supervisor_still_times_out(project):
    project.write("snippets/demo/stops.py", STOPS_ITS_SUPERVISOR)
    project.page("demo/stops.py")
    started = time.monotonic()
    error = project.fails(timeout=3)
    assert "did not finish within 3 s" in error
    assert "stopping" in error  # what it printed before is kept
    assert time.monotonic() - started < 30


MAKES_SHARED_MEMORY = """\
import multiprocessing as mp
import os
from multiprocessing import shared_memory
from pathlib import Path

spawn = mp.get_context("spawn")
lock, queue = spawn.Lock(), spawn.Queue()  # named semaphores, for processes it may spawn
memory = shared_memory.SharedMemory(create=True, size=64)
names = [lock._semlock.name.lstrip("/"), memory.name.lstrip("/")]
Path(os.environ["ENGINE_TEST_NAMES"]).write_text(" ".join(names))
print("made", len(names))
"""


def test_semaphores_and_shared_memory_a_page_made_are_removed_with_it(project, tmp_path):
    """multiprocessing's resource tracker, which would remove them, is ended with the page."""
    names_file = tmp_path / "names"
    project.write("snippets/demo/shared.py", MAKES_SHARED_MEMORY)
    project.page("demo/shared.py")
    assert "made 2" in project.render(env={"ENGINE_TEST_NAMES": str(names_file)}).html()
    names = names_file.read_text().split()
    assert names[0].startswith("mp-")
    assert names[1].startswith("psm_")
    left = [name for name in ("sem." + names[0], names[1]) if (Path("/dev/shm") / name).exists()]
    assert left == []
