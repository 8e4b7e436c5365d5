"""Nothing outlives the step that started it: processes that leave the page's process group, a snippet
that stops the process that supervises it, semaphores and shared memory in /dev/shm (the engine alone,
rendered in-process); the offline copy's MkDocs build and its folder when its step is killed or stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from engine_project import ROOT, Project, gone, wait_until
from test_engine_safety import _interruptible

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


def test_the_offline_build_ends_when_its_step_is_killed(tmp_path, cpu_env):
    """``python -m sitebuild offline`` builds the offline copy with a second MkDocs: killed (kill -9),
    the step takes that build with it instead of leaving it building on alone."""
    site = tmp_path / "site"
    site.mkdir()
    env = {**cpu_env, "SITE_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "sitebuild", "offline", str(site)]
    step = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        children = f"/proc/{step.pid}/task/{step.pid}/children"
        assert wait_until(lambda: Path(children).read_text().split(), 60)
        (build,) = [int(pid) for pid in Path(children).read_text().split()]
        step.kill()
        step.wait()
        assert wait_until(lambda: gone(build), 10)  # left alone, it builds on for half a minute or more
    finally:
        step.kill()


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_stopping_the_offline_step_ends_its_build_and_removes_its_folder(tmp_path, cpu_env, stop):
    site, temp = tmp_path / "site", tmp_path / "tmp"
    site.mkdir()
    temp.mkdir()
    env = {**cpu_env, "SITE_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(temp)}
    step = subprocess.Popen(
        [sys.executable, "-m", "sitebuild", "offline", str(site)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
        process_group=0,  # as a terminal's Ctrl-C reaches the step and its build
        preexec_fn=_interruptible,
    )
    try:
        children = f"/proc/{step.pid}/task/{step.pid}/children"
        assert wait_until(lambda: Path(children).read_text().split(), 60)
        (build,) = [int(pid) for pid in Path(children).read_text().split()]
        time.sleep(2)  # the build under way, writing into the step's temporary folder
        if stop == "SIGINT":
            os.killpg(step.pid, signal.SIGINT)
        else:
            step.send_signal(signal.SIGTERM)
        assert step.wait(timeout=30) != 0
        assert wait_until(lambda: gone(build), 10)
        assert [p.name for p in temp.iterdir() if p.name.startswith("site-offline-")] == []
    finally:
        step.kill()
