"""Snippets that try to outlive their page: processes that leave the page's process group, and a
snippet that stops the process that supervises it. The engine alone, rendered in-process."""

from __future__ import annotations

import time

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
