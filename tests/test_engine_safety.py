"""The engine trusted with any snippet: issue 11's findings, each on a throw-away project.

Contained paths, no include injection, only its own files pruned, bounded output, every process
ended, no leftovers, no stale results, every byte a snippet writes shown, loud failures. The
engine renders in-process (``Project.render``); ``mkdocs build`` and ``serve`` run where MkDocs or
the plugin is the subject: signals sent to mkdocs, the KaTeX cache, a read-only or damaged cache
under the whole build, serve.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from engine_project import HANGS_NAMING_ITS_WORKER, MKDOCS_YML, ROOT, Project, base_env, figures, gone, ran, wait_until

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path) -> Project:
    path = tmp_path / "project"
    path.mkdir()
    return Project(path)


# --- 1. paths ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink"])
def test_exec_paths_must_stay_inside_snippets(project, tmp_path, kind):
    outside = tmp_path / "outside.py"
    outside.write_text("print('RAN OUTSIDE')\n# SECRET CONTENT\n")
    project.write("snippets/demo/ok.py", "print('fine')\n")
    if kind == "symlink":
        (project.path / "snippets/demo/link.py").symlink_to(outside)
    name = {"absolute": str(outside), "dotdot": "../mkdocs.yml", "symlink": "demo/link.py"}[kind]
    project.page("demo/ok.py", name)
    error = project.fails()
    assert "docs/index.md:6:" in error
    assert "snippets/" in error
    assert "SECRET CONTENT" not in error
    assert "RAN OUTSIDE" not in error
    assert "site_name" not in error  # mkdocs.yml's content


def test_a_loop_of_links_names_page_line_and_snippet(project):
    project.write("snippets/demo/ok.py", "print('fine')\n")
    (project.path / "snippets/demo/loop.py").symlink_to(project.path / "snippets/demo/loop.py")
    project.page("demo/loop.py")
    error = project.fails()
    assert "docs/index.md:3: snippet path 'demo/loop.py' cannot be followed" in error
    assert "Traceback" not in error


def test_a_snippet_that_is_not_utf8_names_page_line_and_the_byte(project):
    (project.path / "snippets/demo").mkdir(parents=True)
    (project.path / "snippets/demo/latin1.py").write_bytes(b"print('caf\xe9')\n")
    project.page("demo/latin1.py")
    error = project.fails()
    assert "docs/index.md:3: snippets/demo/latin1.py is not UTF-8 text: byte 10 is 0xe9" in error


# --- 2. includes ------------------------------------------------------------------------------


def test_include_lines_in_code_or_output_are_shown_never_included(project):
    project.write("secret.txt", "TOP SECRET FILE\n")
    project.write(
        "snippets/demo/prints.py",
        """\
        # --8<-- "secret.txt"
        print('--8<-- "secret.txt"')
        print("--8<--")
        print("secret.txt")
        print("--8<--")
        """,
    )
    project.page("demo/prints.py")
    page = project.render(includes=True).html()
    assert "TOP SECRET" not in page
    assert page.count("--8&lt;--") >= 4  # shown, escaped, in the code and in the Output


def test_an_include_that_cannot_be_found_names_page_and_line(project):
    project.write("docs/index.md", '# Page\n\nText.\n\n--8<-- "no/such.md"\n')
    error = project.fails(includes=True)  # the extension's error, not pymdownx.snippets' own
    assert "docs/index.md:5:" in error
    assert "no/such.md" in error
    assert "Traceback" not in error


# --- 3. the cache directory -------------------------------------------------------------------


def test_a_cache_dir_holding_the_sources_is_refused(project):
    project.write("snippets/params.json", '{"lr": 0.1}\n')
    project.write("snippets/demo/ok.py", "print('fine')\n")
    project.page("demo/ok.py")
    for cache in (".", "snippets", "docs/cache"):
        assert "SITE_CACHE_DIR" in project.fails(cache_dir=cache)
    assert (project.path / "snippets/params.json").read_text() == '{"lr": 0.1}\n'
    assert sorted(p.name for p in project.path.glob("*.json")) == []


def test_prune_deletes_only_the_engines_own_entries(project):
    project.write("snippets/demo/ok.py", "print('one')\n")
    project.page("demo/ok.py")
    project.render(prune=True)
    entries = project.path / ".cache/snippets"
    (entries / "notes.json").write_text("{}")
    (entries / ("f" * 64 + ".txt")).write_text("mine")
    project.write("snippets/demo/ok.py", "print('two')\n")
    result = project.render(prune=True)
    assert (result.executed, result.pruned) == (["demo/ok.py"], 1)
    assert (entries / "notes.json").exists()
    assert (entries / ("f" * 64 + ".txt")).exists()

    # A directory the engine did not make (no marker) loses nothing, even files named like entries.
    foreign = project.path / "elsewhere"
    (foreign / "snippets").mkdir(parents=True)
    (foreign / "snippets" / "notes.txt").write_text("mine")
    (foreign / "snippets" / ("a" * 64 + ".json")).write_text("{}")
    assert project.render(cache_dir=str(foreign), prune=True).pruned == 0
    assert (foreign / "snippets" / ("a" * 64 + ".json")).exists()


# --- 4. output --------------------------------------------------------------------------------


def test_output_past_the_limit_fails_the_build(project):
    project.write("snippets/demo/loud.py", "for _ in range(3000):\n    print('x' * 999)\n")
    project.page("demo/loud.py")
    error = project.fails()
    assert "docs/index.md:3:" in error
    assert "printed more than 1,000,000 bytes" in error
    assert "SNIPPETS_MAX_OUTPUT" in error


def test_an_endless_print_loop_stops_at_the_limit_not_the_timeout(project):
    project.write("snippets/demo/endless.py", "while True:\n    print('y' * 999)\n")
    project.page("demo/endless.py")
    error = project.fails(max_output=50000, timeout=200)
    assert "printed more than 50,000 bytes" in error
    assert "did not finish" not in error


# --- 5 and 6. processes and temporary directories ---------------------------------------------


def _interruptible() -> None:
    """SIGINT (Ctrl-C) stops the child: a shell that starts the tests in the background without job
    control (a CI script can) has every process ignore it, and Python keeps an ignored SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


HANGS = """\
import os
import subprocess
import time
from pathlib import Path

sleeper = subprocess.Popen(["sleep", "300"])
pids = f"{os.getppid()} {os.getpid()} {sleeper.pid}"
Path(os.environ["ENGINE_TEST_PIDS"]).write_text(pids)
time.sleep(300)
"""


@pytest.mark.parametrize("stop", ["sigint", "sigterm"])
def test_stopping_a_build_ends_worker_page_child_and_their_processes(project, tmp_path, stop):
    """Through ``mkdocs build``: Ctrl-C or SIGTERM sent to mkdocs."""
    pids_file, temp = tmp_path / "pids", tmp_path / "tmp"
    temp.mkdir()
    project.write("snippets/demo/hangs.py", HANGS)
    project.page("demo/hangs.py")
    env = {**base_env(), "ENGINE_TEST_PIDS": str(pids_file), "TMPDIR": str(temp)}
    mkdocs = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project.path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_interruptible,
    )
    try:
        assert wait_until(lambda: pids_file.exists() and len(pids_file.read_text().split()) == 3, 180)
        if stop == "sigint":
            mkdocs.send_signal(signal.SIGINT)  # Ctrl-C on mkdocs alone
        else:
            mkdocs.send_signal(signal.SIGTERM)
        _, stderr = mkdocs.communicate(timeout=120)
    finally:
        mkdocs.kill()
    assert mkdocs.returncode != 0
    worker, child, sleeper = (int(pid) for pid in pids_file.read_text().split())
    assert wait_until(lambda: all(gone(pid) for pid in (worker, child, sleeper)), 30), (worker, child, sleeper)
    assert "BrokenPipeError" not in stderr
    assert [p.name for p in temp.iterdir() if p.name.startswith("snippet-")] == []


def test_a_timeout_ends_the_page_child_and_its_processes_and_the_build_its_worker(project, tmp_path, capfd):
    pids_file, temp = tmp_path / "pids", tmp_path / "tmp"
    temp.mkdir()
    project.write("snippets/demo/hangs.py", HANGS_NAMING_ITS_WORKER)
    project.page("demo/hangs.py")
    env = {"ENGINE_TEST_PIDS": str(pids_file), "TMPDIR": str(temp)}
    # 8 s: room for the snippet to start its sleeper and write the pids
    error = project.fails(timeout=8, env=env)
    assert "did not finish within 8 s" in error
    pids = [int(pid) for pid in pids_file.read_text().split()]
    assert len(pids) == 4
    assert wait_until(lambda: all(gone(pid) for pid in pids), 30), pids
    assert "BrokenPipeError" not in capfd.readouterr().err  # the worker's stderr is this process's
    assert list(temp.iterdir()) == []  # no snippet- directory, nor the worker's own


def test_each_page_removes_its_temporary_directories(project, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    project.write(
        "snippets/demo/scratch.py",
        """\
        import tempfile
        from pathlib import Path

        Path("scratch.txt").write_text("in the working directory")
        Path(tempfile.mkdtemp(), "more.txt").write_text("in a temporary directory")
        print("wrote")
        """,
    )
    project.page("demo/scratch.py")
    project.write("snippets/demo/again.py", (project.path / "snippets/demo/scratch.py").read_text())
    project.write("docs/second.md", '# Second\n\n```python exec="demo/again.py"\n```\n')
    result = project.render(env={"TMPDIR": str(temp)})
    assert result.executed == ["demo/scratch.py", "demo/again.py"]
    assert "wrote" in result.html("second.md")
    assert list(temp.iterdir()) == []


# --- 7. what the cache must notice ------------------------------------------------------------


def test_a_new_file_in_a_listed_directory_reruns_the_snippet(project):
    project.write("snippets/demo/data/a.csv", "1\n")
    project.write(
        "snippets/demo/lists.py",
        """\
        import os
        import sys
        from pathlib import Path

        data = Path(sys.path[0]) / "data"
        print(sorted(p.name for p in data.glob("*.csv")), len(os.listdir(data)))
        """,
    )
    project.page("demo/lists.py")
    assert project.render().executed == ["demo/lists.py"]
    assert project.render().executed == []
    project.write("snippets/demo/data/b.csv", "2\n")
    result = project.render()
    assert result.executed == ["demo/lists.py"]
    assert "b.csv" in result.html()


def test_installing_or_upgrading_any_distribution_reruns_the_snippets(project, tmp_path, monkeypatch):
    packages = tmp_path / "packages"
    (packages / "scipy-1.0.0.dist-info").mkdir(parents=True)
    project.write("snippets/demo/ok.py", "print('fine')\n")
    project.page("demo/ok.py")
    monkeypatch.syspath_prepend(str(packages))  # the build's own sys.path: the engine reads it
    assert project.render().executed == ["demo/ok.py"]
    assert project.render().executed == []
    (packages / "scipy-1.0.0.dist-info").rename(packages / "scipy-1.1.0.dist-info")
    assert project.render().executed == ["demo/ok.py"]
    (packages / "pandas-2.0.0.dist-info").mkdir()
    assert project.render().executed == ["demo/ok.py"]


def test_one_page_can_be_run_again(project):
    project.write("snippets/demo/one.py", "print('one')\n")
    project.write("snippets/demo/two.py", "print('two')\n")
    project.page("demo/one.py")
    project.write("docs/second.md", '# Second\n\n```python exec="demo/two.py"\n```\n')
    assert project.render().executed == ["demo/one.py", "demo/two.py"]
    assert project.render(rerun="second.md").executed == ["demo/two.py"]


def test_the_katex_version_is_part_of_the_formula_cache_key(project):
    """Through ``mkdocs build``: the plugin's KaTeX cache."""
    (project.path / "node_modules").unlink()
    katex = project.path / "node_modules" / "katex"
    katex.mkdir(parents=True)
    real = ROOT / "node_modules" / "katex"
    for entry in real.iterdir():
        if entry.name != "package.json":
            (katex / entry.name).symlink_to(entry)
    shutil.copy(real / "package.json", katex / "package.json")
    project.write("docs/index.md", "# Page\n\nA formula $a^2 + b^2$.\n")
    assert project.build().returncode == 0
    cache_file = project.path / ".cache" / "katex.json"
    cache_file.write_text(json.dumps(dict.fromkeys(json.loads(cache_file.read_text()), "<b>STALE</b>")))
    assert project.build().returncode == 0
    assert "<b>STALE</b>" in project.html()  # the cache serves the formula while KaTeX is unchanged

    package = json.loads((katex / "package.json").read_text())
    (katex / "package.json").write_text(json.dumps({**package, "version": package["version"] + "-next"}))
    assert project.build().returncode == 0
    assert "<b>STALE</b>" not in project.html()
    assert 'class="katex"' in project.html()


# --- 8. hash seed -----------------------------------------------------------------------------


def test_string_hashes_and_set_order_are_the_same_every_build(project):
    project.write("snippets/demo/hashes.py", "print(hash('pytorch'))\nprint({f'word{i}' for i in range(12)})\n")
    project.page("demo/hashes.py")
    pages = [project.render(cache_dir=str(project.path / cache)) for cache in ("cache-a", "cache-b")]
    assert [page.executed for page in pages] == [["demo/hashes.py"]] * 2
    assert pages[0].html() == pages[1].html()


# --- 9. everything a snippet writes -----------------------------------------------------------


def test_stderr_warnings_subprocesses_and_fd_writes_are_shown(project):
    project.write(
        "snippets/demo/writes.py",
        """\
        import ctypes
        import os
        import subprocess
        import sys
        import warnings

        print("one: print")
        print("to stderr", file=sys.stderr)
        warnings.warn("a warning from the snippet", stacklevel=1)
        os.system("echo two: os.system")
        subprocess.run([sys.executable, "-c", "print('three: subprocess')"], check=True)
        os.write(1, b"four: os.write\\n")
        ctypes.CDLL(None).printf(b"five: C printf\\n")
        """,
    )
    project.page("demo/writes.py")
    page = project.render().html()
    start = page.index("snippet-output")
    stdout = page[start : page.index("</pre>", start)]
    for earlier, later in zip(
        ["one: print", "two: os.system", "three: subprocess", "four: os.write"],
        ["two: os.system", "three: subprocess", "four: os.write", "five: C printf"],
        strict=True,
    ):
        assert stdout.index(earlier) < stdout.index(later)
    assert "to stderr" not in stdout
    start = page.index("snippet-stderr")
    stderr = page[start : page.index("</pre>", start)]
    assert "Standard error" in page[start - 500 : start + 500]
    assert "to stderr" in stderr
    assert "UserWarning: a warning from the snippet" in stderr


# --- 10. dollar amounts -----------------------------------------------------------------------


def test_a_dollar_amount_taken_for_maths_fails_the_build(project):
    project.write("docs/index.md", "# Page\n\nMaths $2x$ and $1$ is fine.\n\nIt costs $5-$10 a month.\n")
    error = project.fails(katex=True)
    assert "docs/index.md:5:" in error
    assert "\\$" in error

    project.write("docs/index.md", "# Page\n\nMaths $2x$ is fine.\n\nIt costs \\$5-\\$10 or \\$1,000/\\$2,000.\n")
    page = project.render(katex=True).html()
    assert "$5-$10" in page
    assert "$1,000/$2,000" in page


# --- 11. a broken or read-only cache ----------------------------------------------------------


def test_malformed_cache_entries_are_misses(project):
    project.write("snippets/demo/first.py", "print('first')\n")
    project.write("snippets/demo/second.py", "print('second')\n")
    project.write("snippets/demo/third.py", "print('third')\n")
    project.page("demo/first.py", "demo/second.py", "demo/third.py")
    assert len(project.render().executed) == 3
    entries = sorted((project.path / ".cache/snippets").glob("*.json"))
    assert len(entries) == 3
    for entry, text in zip(entries, ["null", "{}", "[]"], strict=True):
        entry.write_text(text)
    result = project.render()
    assert len(result.executed) == 3
    assert "<code>third\n</code>" in result.html()


def _build_with_read_only(project: Project, directory: Path) -> subprocess.CompletedProcess:
    """``mkdocs build`` with ``directory`` read-only (a read-only bind mount when running as root)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("running as root without unshare: cannot make a directory read-only")
        mount = 'mount --bind -o ro "$0" "$0" && exec "$@"'
        command = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", mount, str(directory), *command]
    else:
        for path in [directory, *directory.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        return subprocess.run(command, cwd=project.path, capture_output=True, text=True, env=base_env(), check=False)
    finally:
        for path in [directory, *directory.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_cache_warns_once_and_builds_without_caching(project):
    """Through ``mkdocs build``: the whole build (snippets, formulas) with its cache read-only."""
    project.write("snippets/demo/first.py", "print('first')\n")
    project.write("snippets/demo/second.py", "print('second')\n")
    project.page("demo/first.py", "demo/second.py", before="# Page\n\nWith $x^2$.\n\n")
    assert project.build().returncode == 0
    cache = project.path / ".cache"

    warm = _build_with_read_only(project, cache)
    assert warm.returncode == 0, warm.stderr
    assert "0 run" in ran(warm)

    project.write("snippets/demo/first.py", "print('first, edited')\n")
    edited = _build_with_read_only(project, cache)
    assert edited.returncode == 0, edited.stderr
    assert "2 run" in ran(edited)
    assert edited.stderr.count("building without caching") == 1
    assert "first, edited" in project.html()
    assert "Traceback" not in edited.stderr


# --- 12. processes of their own ---------------------------------------------------------------


def test_snippets_may_start_worker_processes(project):
    project.write(
        "snippets/demo/pool.py",
        """\
        import multiprocessing

        import torch
        from torch.utils.data import DataLoader, TensorDataset


        def square(n):
            return n * n


        with multiprocessing.Pool(2) as pool:
            print(pool.map(square, range(5)))
        data = TensorDataset(torch.arange(8.0))
        loader = DataLoader(data, batch_size=4, num_workers=2)
        print([batch[0].sum().item() for batch in loader])
        """,
    )
    project.page("demo/pool.py")
    assert "[0, 1, 4, 9, 16]\n[6.0, 22.0]" in project.render().html()


def test_a_forked_process_that_runs_past_its_snippet_fails_the_page(project):
    """Without ``os._exit()`` the forked copy would go on to the page's next snippets, as through a script,
    and answer for them: the page's later Outputs went missing. Now the page fails, saying so."""
    project.write(
        "snippets/demo/fork.py",
        """\
        import os

        pid = os.fork()
        if pid:
            os.waitpid(pid, 0)
        print("parent" if pid else "child")
        """,
    )
    project.write("snippets/demo/after.py", "print('after')\n")
    project.page("demo/fork.py", "demo/after.py")
    error = project.fails()
    assert "docs/index.md:3: snippets/demo/fork.py: the snippet process died" in error
    assert "a process this snippet forked with os.fork() ran past its end; end such a process with os._exit()" in error
    assert "after" not in error.replace("demo/after.py", "")


def test_a_forked_process_that_ends_with_os_exit_is_fine(project):
    project.write(
        "snippets/demo/fork.py",
        """\
        import os

        pid = os.fork()
        if pid == 0:
            print("child", flush=True)
            os._exit(0)
        os.waitpid(pid, 0)
        print("parent")
        """,
    )
    project.write("snippets/demo/after.py", "print('after')\n")
    project.page("demo/fork.py", "demo/after.py")
    html = project.render().html()
    assert "<code>child\nparent\n</code>" in html
    assert "<code>after\n</code>" in html


# --- 13. how a snippet died -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("import os\n\nos._exit(3)\n", "exited with status 3"),
        ("import os\nimport signal\n\nos.kill(os.getpid(), signal.SIGSEGV)\n", "killed by signal SIGSEGV (11)"),
    ],
)
def test_a_crashed_snippet_names_its_exit_status_or_signal(project, code, said):
    project.write("snippets/demo/dies.py", code)
    project.page("demo/dies.py")
    error = project.fails()
    assert "docs/index.md:3:" in error
    assert said in error


KILLS_ITS_WORKER = """\
import os
import signal
import time
from pathlib import Path

with open(f"/proc/{os.getppid()}/stat") as stat:  # the supervisor's parent is the worker
    worker = int(stat.read().rsplit(")", 1)[1].split()[1])
Path(os.environ["ENGINE_TEST_PIDS"]).write_text(str(os.getpid()))
os.kill(worker, signal.SIGKILL)  # as the kernel's OOM killer would
time.sleep(60)
"""


def test_a_worker_killed_as_by_the_oom_killer_names_the_page_and_snippet_and_ends_it(project, tmp_path):
    pid_file = tmp_path / "pid"
    project.write("snippets/demo/kills.py", KILLS_ITS_WORKER)
    project.page("demo/kills.py")
    error = project.fails(timeout=30, env={"ENGINE_TEST_PIDS": str(pid_file)})
    assert "docs/index.md:3: snippets/demo/kills.py: the snippet worker process died" in error
    assert "killed by signal SIGKILL (9)" in error
    assert wait_until(lambda: gone(int(pid_file.read_text())), 10)  # the page's child, long before its timeout


def test_an_untitled_figure_names_the_line_that_made_it(project):
    project.write(
        "snippets/demo/plot.py",
        "import matplotlib.pyplot as plt\n\nfig, ax = plt.subplots()\nax.plot([1, 2])\n",
    )
    project.page("demo/plot.py")
    assert "snippets/demo/plot.py:3: ValueError: a figure has no title" in project.fails()


# --- 14. serve --------------------------------------------------------------------------------


@contextlib.contextmanager
def _serving(project, *options: str, env: dict | None = None):
    """``mkdocs serve`` on the project; yields ``fetch`` (a site path's HTML, "" when it cannot)
    and the lines serve has logged so far."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *options, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.path,
        env={**base_env(), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_interruptible,
    )
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(serve.stdout), daemon=True)
    reader.start()

    def fetch(path: str = "") -> str:
        assert serve.poll() is None, "mkdocs serve stopped:\n" + "".join(log)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
                return response.read().decode()
        except OSError:
            return ""

    try:
        yield fetch, log
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()
        reader.join(timeout=10)
        print("".join(log))  # shown when the test fails


def test_serve_warms_the_worker_up_when_every_result_is_cached(project):
    """A first build that runs nothing still starts serve's worker, which imports what the snippets
    import beside the build: the first edited snippet does not wait for those imports."""
    (project.path / "mkdocs.yml").write_text(MKDOCS_YML + "watch:\n  - snippets\n")
    project.write("snippets/demo/edited.py", "import numpy\n\nprint('first version')\n")
    project.page("demo/edited.py")
    assert project.build().returncode == 0  # every result cached
    with _serving(project) as (fetch, log):
        assert wait_until(lambda: "first version" in fetch(), 180)
        project.write("snippets/demo/edited.py", "import numpy\n\nprint('second version')\n")
        assert wait_until(lambda: "second version" in fetch(), 120)
    shown = [line for line in log if "snippets: " in line]
    assert "1 shown, 0 run" in shown[0]
    assert "1 shown, 1 run (demo/edited.py)" in shown[1]
    timings = [line for line in log if "timing: " in line]
    assert "(the worker's imports 0.00 s)" in timings[1]  # imported while serve started


def test_serve_shows_a_failing_snippet_on_its_page(project):
    project.write("snippets/demo/ok.py", "print('fine')\n")
    project.write("snippets/demo/broken.py", "value = 1\n\nraise ValueError('no good')\n")
    project.page("demo/ok.py", "demo/broken.py")
    with _serving(project) as (fetch, _):
        assert wait_until(fetch, 180)
        page = fetch()
    assert "snippet-error" in page
    assert "docs/index.md:6:" in page
    assert "ValueError: no good" in page
    assert "Build error" in page


def test_dirty_serve_rebuilds_the_page_of_an_edited_snippet_and_leaves_the_others(project):
    """``make serve`` runs ``mkdocs serve --dirty``: an edited snippet's page is rebuilt, no other."""
    (project.path / "mkdocs.yml").write_text(MKDOCS_YML + "watch:\n  - snippets\n")
    project.write("snippets/demo/edited.py", "print('first version')\n")
    project.write("snippets/demo/other.py", "print('the other page')\n")
    project.page("demo/edited.py")
    project.write("docs/other.md", '# Other\n\n```python exec="demo/other.py"\n```\n')
    with _serving(project, "--dirty") as (fetch, log):
        assert wait_until(lambda: "first version" in fetch() and "the other page" in fetch("other/"), 180)
        time.sleep(1.5)  # MkDocs compares modification times; let the edit be a later one
        project.write("snippets/demo/edited.py", "print('second version')\n")
        assert wait_until(lambda: "second version" in fetch(), 120), "the edited snippet's page was not rebuilt"
        assert "the other page" in fetch("other/")
    (watching,) = [line for line in log if "Watching paths for changes" in line]
    assert all(f"'{path}'" in watching for path in ("docs", "mkdocs.yml", "snippets")), watching
    shown = [line.split("snippets: ")[1].strip() for line in log if "snippets: " in line]
    # the first build shows both pages' snippets; the rebuild shows (renders) the edited page's only
    assert shown[0].startswith("2 shown, 2 run")
    assert shown[1].startswith("1 shown, 1 run (demo/edited.py)")


SITE_FILES = ("mkdocs.yml", "docs", "snippets", "includes", "overrides")


def test_serve_with_the_sites_own_config_shows_a_failing_then_looping_snippet_and_recovers(tmp_path):
    """Under the site's real mkdocs.yml (mkdocs-jupyter on, notebook pages too), a snippet that raises,
    then one that never ends, is a *Build error* block on its page; serve never stops; the fix shows;
    and the --dirty rebuilds keep mkdocs-jupyter's cached notebook pages."""
    project = Project.__new__(Project)
    project.path = tmp_path / "site-project"
    project.path.mkdir()
    for name in SITE_FILES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, project.path / name)
    (project.path / "node_modules").symlink_to(ROOT / "node_modules")
    if (ROOT / ".cache").is_dir():  # the results the suite's build cached: only the edited page runs
        shutil.copytree(ROOT / ".cache", project.path / ".cache", ignore=shutil.ignore_patterns("offline"))
    snippet = project.path / "snippets" / "why_pytorch" / "exercise4_derivative.py"
    fixed = snippet.read_text()
    env = {"SNIPPETS_TIMEOUT": "5"}
    notebook_pages = project.path / ".cache" / "mkdocs-jupyter"  # mkdocs-jupyter's cache of rendered pages
    with _serving(project, "--dirty", env=env) as (fetch, log):
        assert wait_until(lambda: "autograd:" in fetch("why-pytorch/"), 300)
        cached = set(notebook_pages.glob("*.json"))
        assert len(cached) >= 11
        for broken, shown in (
            (fixed + "\nraise ValueError('broken on purpose')\n", "ValueError: broken on purpose"),
            (fixed + "\nwhile True:\n    pass\n", "did not finish within 5 s"),
            (fixed + "\nprint('fixed again')\n", "fixed again"),
        ):
            time.sleep(1.1)  # MkDocs compares modification times; let each edit be a later one
            snippet.write_text(broken)
            assert wait_until(lambda shown=shown: shown in fetch("why-pytorch/"), 120), "".join(log[-30:])
            page = fetch("why-pytorch/")
            failing = "fixed again" not in shown
            assert ("Build error" in page) is failing
            assert ("docs/why-pytorch.md:" in page) is failing
            assert fetch("notebooks/why-pytorch/"), "the notebook page is still served"
    assert not [line for line in log if "Traceback" in line or "appear stuck" in line]
    # the --dirty rebuilds rendered one notebook page each: the others' cached pages are all kept
    assert cached <= set(notebook_pages.glob("*.json"))


# --- hardening: what an adversarial run found ---------------------------------------------------


def test_a_figure_that_fails_to_draw_names_the_snippet_line_and_the_error(project):
    project.write(
        "snippets/demo/ticks.py",
        """\
        import matplotlib.pyplot as plt

        def broken(value, position):
            raise RuntimeError("no tick for you")

        fig, ax = plt.subplots()
        ax.set_title("A failing formatter")
        ax.xaxis.set_major_formatter(broken)
        """,
    )
    project.page("demo/ticks.py")
    error = project.fails()
    assert "snippets/demo/ticks.py:4: RuntimeError: no tick for you" in error
    assert "exited with status" not in error


def test_a_timeout_keeps_what_the_snippet_printed(project):
    project.write("snippets/demo/slow.py", "import time\n\nprint('started', flush=True)\ntime.sleep(60)\n")
    project.page("demo/slow.py")
    error = project.fails(timeout=2)
    assert "did not finish within 2 s" in error
    assert "it wrote to stdout:\nstarted" in error


def test_a_failing_snippets_escape_sequences_never_reach_the_terminal(project):
    project.write("snippets/demo/ansi.py", "print('\\x1b[2J\\x1b[32mDocumentation built')\nraise ValueError('x')\n")
    project.page("demo/ansi.py")
    error = project.fails()
    assert "\\x1b[2J" in error
    assert "\x1b[2J" not in error


def test_a_path_a_snippet_puts_first_stays_for_the_next_snippet(project):
    project.write("snippets/helpers/shared.py", "VALUE = 42\n")
    project.write("snippets/demo/first.py", "import sys\n\nsys.path.insert(0, sys.path[0] + '/../helpers')\n")
    project.write("snippets/demo/second.py", "import shared\n\nprint(shared.VALUE)\n")
    project.page("demo/first.py", "demo/second.py")
    assert ">42<" in project.render().html().replace("\n", "")


def test_a_snippet_resetting_the_style_still_gives_reproducible_figures(project):
    project.write(
        "snippets/demo/styled.py",
        "import matplotlib.pyplot as plt\n\nplt.style.use('default')\nplt.plot([1, 2])\nplt.title('Styled')\n",
    )
    project.page("demo/styled.py")
    project.render()
    first = figures(project)
    shutil.rmtree(project.path / "docs" / "assets")  # the run again writes its own
    assert project.render(rerun="1").executed == ["demo/styled.py"]
    again = figures(project)
    assert first == again
    assert len(first) == 2


def test_a_blank_figure_title_is_no_title(project):
    project.write("snippets/demo/blank.py", "import matplotlib.pyplot as plt\n\nplt.plot([1, 2])\nplt.title('   ')\n")
    project.page("demo/blank.py")
    assert "a figure has no title" in project.fails()


def test_every_cache_file_overwritten_with_null_is_a_miss(project):
    """Through ``mkdocs build``: every cache the whole build keeps (snippets, formulas, fonts)."""
    project.write("snippets/demo/maths.py", "import matplotlib.pyplot as plt\n\nprint(6 * 7)\nplt.title('A figure')\n")
    project.page("demo/maths.py", before="# Page\n\nThe formula $x^2 + \\frac{1}{2}$.\n\n")
    assert project.build().returncode == 0
    damaged = [path for path in (project.path / ".cache").rglob("*") if path.is_file()]
    assert any(path.suffix == ".woff2" for path in damaged)
    assert any(path.name == "katex.json" for path in damaged)
    for path in damaged:
        path.write_text("null")
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = project.html()
    assert ">42<" in page.replace("\n", "")
    assert 'class="katex"' in page
    fonts = list((project.path / "site" / "assets" / "katex" / "fonts").glob("*.woff2"))
    assert fonts
    assert all(font.read_bytes()[:4] == b"wOF2" for font in fonts)
