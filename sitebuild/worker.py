"""The process that runs lesson snippets for the build.

MkDocs starts it once per build, or once per ``mkdocs serve`` session (``python -m
sitebuild.worker``), and sends it requests over stdin, each a batch of pages; it answers
over stdout, both as pickles. It imports matplotlib and numpy, and what the snippets import
from torch, scikit-learn and the like (``_preload_imports``), once; then it forks a supervisor
for every page, at most ``jobs`` at once and the longest first (``start_order``), and the
supervisor forks the page's child, so that pages are isolated from each other, run in
parallel, and a local module edited under ``mkdocs serve`` is imported afresh. The child
runs the page's snippets in order in one namespace, like notebook cells, and reports the
figures each left open and the repository files and directories it read, listed or imported
(for the cache). Snippets before the first one reported run only to rebuild the namespace:
their figures are in the cache, so they are closed unsaved. After a page fails, pages later in
the batch are not started (those earlier finish), so the first failing page of the batch is
the same however many run at once (under ``mkdocs serve`` all run).

Everything a snippet writes to file descriptors 1 and 2 (``print``, warnings, ``os.system``,
subprocesses, C code) goes through two pipes that this process reads, up to a limit per
snippet. The child has its own process group, which this process kills, with every process
the snippets started, when the page is done, fails, runs past the timeout or the build stops.
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import importlib
import io
import multiprocessing
import multiprocessing.connection
import os
import pickle
import random
import re
import selectors
import shutil
import signal
import sys
import tempfile
import time
import traceback
import types
import warnings
from dataclasses import dataclass
from pathlib import Path

from sitebuild.execution import how_it_ended
from sitebuild.figures import FIGURE_HOOK, RUNNING, light_and_dark_svg

SEED = 0
CHUNK = 65536
STOPS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
PR_SET_CHILD_SUBREAPER = 36  # prctl(2)


class StoppedError(Exception):
    """The build stopped: a signal, or MkDocs closed the request pipe."""


def main() -> None:
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray writes must not corrupt replies
    for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, _raise_stopped)
    try:
        started = time.monotonic()
        _preload()
        imports = time.monotonic() - started  # MkDocs sends its first request at once, so it waits for these
        fork = multiprocessing.get_context("fork")
        while True:
            try:
                request = pickle.load(sys.stdin.buffer)
            except EOFError:
                return
            started = time.monotonic()
            # ``preload``: pages to import for and not run (mkdocs serve warming the worker up)
            _preload_imports(request["pages"] + request.pop("preload", []))
            imports += time.monotonic() - started
            replies = run_pages(fork, protocol_out.fileno(), **request)
            pickle.dump({"replies": replies, "imports": imports}, protocol_out)
            protocol_out.flush()
            imports = 0.0  # a later request waits only for the imports it adds
    except (StoppedError, KeyboardInterrupt, BrokenPipeError):
        os._exit(1)  # quietly: MkDocs reports why the build stopped


def _raise_stopped(signum, frame) -> None:
    for stop in STOPS:  # once: the clean-up must run to its end
        signal.signal(stop, signal.SIG_IGN)
    raise StoppedError(signal.Signals(signum).name)


def run_pages(fork, protocol_fd: int, pages: list[dict], jobs: int, stop_at_failure: bool) -> list[dict | None]:
    """Run each page (``run_page``'s arguments) in a supervisor process, at most ``jobs`` at once.

    Returns each page's reply, in order, with the ``seconds`` it took; None for a page not started
    because an earlier one failed (with ``stop_at_failure``; ``mkdocs serve`` runs them all).
    Stopping (a signal, MkDocs gone) stops every supervisor, which ends its page.
    """
    replies: list[dict | None] = [None] * len(pages)
    waiting = start_order(pages)
    running: dict = {}  # connection -> (page index, supervisor's pid)
    started: dict[int, float] = {}  # page index -> when its supervisor was forked
    failed = len(pages)  # the first failing page so far
    try:
        while True:
            while len(running) < max(1, jobs) and (startable := [i for i in waiting if i < failed]):
                index = startable[0]
                waiting.remove(index)
                started[index] = time.monotonic()
                receive, send = multiprocessing.Pipe(duplex=False)
                pid = os.fork()
                if pid == 0:  # the supervisor; it never returns
                    receive.close()
                    _supervise(fork, send, protocol_fd, pages[index])
                send.close()
                running[receive] = (index, pid)
            if not running:
                return replies
            ready = multiprocessing.connection.wait([*running, sys.stdin], timeout=1)
            for _, pid in running.values():  # a snippet that stops its supervisor must not outlive its timeout
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)
            if sys.stdin in ready:  # readable only when MkDocs is gone
                raise StoppedError("MkDocs closed the request pipe")
            for connection in ready:
                index, pid = running.pop(connection)
                try:
                    reply = connection.recv()
                except EOFError:
                    reply = _error(0, "crash", f"the page's supervising process ended (it {_wait_status(pid)})")
                    pid = None
                connection.close()
                if pid is not None:
                    os.waitpid(pid, 0)
                replies[index] = {**reply, "seconds": time.monotonic() - started[index]}
                if "error" in reply and stop_at_failure and index < failed:
                    failed = index
                    for later in [c for c, (i, _) in running.items() if i > failed]:  # their results go unused
                        _stop_supervisors([running.pop(later)[1]])
                        later.close()
    finally:
        _stop_supervisors([pid for _, pid in running.values()])
        for connection in running:
            connection.close()


def start_order(pages: list[dict]) -> list[int]:
    """The pages' indexes, the page with the most snippet code first (ties in page order).

    The longest pages tend to train the most: started last, one would leave the other cores
    idle while it ends. Only the start order changes; replies keep page order.

    >>> page = lambda *sources: {"snippets": [{"source": source} for source in sources]}
    >>> start_order([page("x = 1"), page("for step in range(9):", "    train()"), page("y = 2")])
    [1, 0, 2]
    """
    return sorted(range(len(pages)), key=lambda index: -sum(len(s["source"]) for s in pages[index]["snippets"]))


def _stop_supervisors(pids: list[int]) -> None:
    """End pages' supervisors, each of which ends its page's child and that child's processes first."""
    _signal_and_reap(pids, signal.SIGTERM)


def _signal_and_reap(pids: list[int], signum: int) -> None:
    """Send each of these child processes ``signum``, then wait for each to end."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)
    for pid in pids:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _wait_status(pid: int) -> str:
    _, status = os.waitpid(pid, 0)
    return how_it_ended(os.waitstatus_to_exitcode(status))


def _supervise(fork, send, protocol_fd: int, page: dict) -> None:
    """In a process forked from the worker: run one page, send its reply, exit."""
    code = 0
    try:
        # What the snippets start in a session or process group of their own escapes the child's group:
        # as the subreaper, this process becomes its parent when its own parent ends, and ends it (``_end``).
        ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1)
        os.close(protocol_fd)  # MkDocs must see the worker's end alone
        reply = run_page(fork, (send.fileno(),), **page)
        send.send(reply)
    except (StoppedError, KeyboardInterrupt, BrokenPipeError):
        code = 1  # run_page has ended the page's child and removed its directory
    except BaseException:
        traceback.print_exc()
        code = 2
    finally:
        os._exit(code)


def _preload() -> None:
    """What every page needs: matplotlib (for its figures) and numpy (seeded in each child)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot
    import numpy  # noqa: F401


# Libraries whose import prints nothing and changes nothing a snippet could see. What the snippets
# import from them is imported here, once for the session, rather than in every page's child.
PRELOADED_LIBRARIES = {"matplotlib", "numpy", "scipy", "sklearn", "torch"}
IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w.]+))", re.MULTILINE)


def _preload_imports(pages: list[dict]) -> None:
    """Import in this process what ``preloadable_imports`` finds; a module that fails to import is
    left to the snippet's own import, which reports it.

    torch and scikit-learn (3 s of imports) are loaded only for snippets that may use them, and then
    once for the session; a page's child seeds torch when it was loaded here.
    """
    for name in sorted(preloadable_imports(pages) - sys.modules.keys()):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


def preloadable_imports(pages: list[dict]) -> set[str]:
    r"""The modules the pages' snippets import from ``PRELOADED_LIBRARIES``, and torch when they may use it.

    torch is loaded when a snippet imports it, or imports a module that is neither the standard
    library's nor one of ``PRELOADED_LIBRARIES`` (a project module or another library may import
    torch): every page that can draw from torch's generator finds it loaded, and seeded. With
    torch comes its compiler stack (``torch._dynamo``, with sympy): torch imports it, for about
    1.5 s, the first time an optimizer steps, a tensor goes to the meta device or shapes broadcast.

    >>> page = {"snippets": [{"source": "import json\nfrom torch import nn\nimport sklearn.metrics as m"}]}
    >>> sorted(preloadable_imports([page]))
    ['sklearn.metrics', 'torch', 'torch._dynamo']
    >>> sorted(preloadable_imports([{"snippets": [{"source": "import os\nfrom helpers import fit"}]}]))
    ['torch', 'torch._dynamo']
    >>> preloadable_imports([{"snippets": [{"source": "import os\nimport numpy as np"}]}])
    {'numpy'}
    """
    imported = {
        match[1] or match[2]
        for page in pages
        for snippet in page["snippets"]
        for match in IMPORT.finditer(snippet["source"])
    }
    names = {name for name in imported if name.partition(".")[0] in PRELOADED_LIBRARIES}
    others = {name.partition(".")[0] for name in imported} - sys.stdlib_module_names - PRELOADED_LIBRARIES
    if others or any(name.partition(".")[0] == "torch" for name in names):
        names |= {"torch", "torch._dynamo"}
    return names


class Output:
    """What a page's snippet writes to stdout and stderr, at most ``limit`` bytes in all."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: dict[str, list[bytes]] = {"stdout": [], "stderr": []}
        self.size = 0

    def read(self, fd: int, stream: str) -> int | None:
        """Read what is waiting on ``fd``: how many bytes (0 if none yet), None at end of file."""
        try:
            data = os.read(fd, CHUNK)
        except BlockingIOError:
            return 0
        self.size += len(data)
        if self.size <= self.limit:  # past the limit, the build fails: keep nothing more
            self.parts[stream].append(data)
        return len(data) or None

    @property
    def over(self) -> bool:
        return self.size > self.limit

    def take(self) -> dict[str, str]:
        """The text of each stream, and start afresh for the next snippet."""
        text = {name: b"".join(parts).decode("utf-8", "replace") for name, parts in self.parts.items()}
        self.parts = {"stdout": [], "stderr": []}
        self.size = 0
        return text


def run_page(
    fork,
    inherited: tuple,
    snippets: list[dict],
    first_reported: int,
    timeout: float,
    root: str,
    max_output: int,
) -> dict:
    """Run ``snippets`` in a forked child; report results from index ``first_reported`` on.

    ``inherited``: file descriptors the child must close (the supervisor's reply pipe).

    Returns ``{"results": [...]}`` or ``{"error": {...}}`` naming the failing snippet.
    """
    workdir = tempfile.mkdtemp(prefix="snippet-")
    signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)  # a stop now waits for the ``try`` that ends the child
    child, connection, streams = _start_child(fork, inherited, (snippets, first_reported, root, workdir))
    out_read, err_read = streams
    output = Output(max_output)
    selector = selectors.DefaultSelector()
    for fd in streams:
        os.set_blocking(fd, False)
        selector.register(fd, selectors.EVENT_READ)
    selector.register(connection, selectors.EVENT_READ)
    selector.register(sys.stdin.fileno(), selectors.EVENT_READ)  # readable only when MkDocs is gone
    results = []
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)
        for index in range(len(snippets)):
            waited = _next_report(selector, connection, streams, output, child, index, timeout)
            if "error" in waited:
                return waited
            message = waited["report"]
            for fd in streams:  # what the snippet wrote before it reported is in the pipes now
                while fd in selector.get_map() and not output.over:
                    got = output.read(fd, streams[fd])
                    if got is None:
                        selector.unregister(fd)
                    if not got:
                        break
            if output.over:
                return _too_much(index, output)
            printed = output.take()
            if "error" in message:
                return {"error": {**message["error"], "index": index, **printed}}
            if index >= first_reported:
                results.append({**message, **printed})
            if index < len(snippets) - 1:  # after the last, the child waits, holding what it made, to be ended
                connection.send("next")
        return {"results": results}
    finally:
        signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)  # a stop now must not cut the clean-up short
        selector.close()
        _end(child)
        connection.close()
        os.close(out_read)
        os.close(err_read)
        shutil.rmtree(workdir, ignore_errors=True)


def _start_child(fork, inherited: tuple, page: tuple):
    """Fork the page's child (``_child`` with ``page``'s arguments) in a process group of its own:
    the child, the connection to it, and its stdout's and stderr's read ends."""
    connection, child_end = fork.Pipe()
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    inherited = (*inherited, out_read, err_read)  # the child must not hold these open
    child = fork.Process(target=_child, args=(child_end, out_write, err_write, inherited, *page))
    child.start()
    with contextlib.suppress(OSError):  # the child does so too; whichever runs first wins
        os.setpgid(child.pid, child.pid)
    child_end.close()
    os.close(out_write)
    os.close(err_write)
    return child, connection, {out_read: "stdout", err_read: "stderr"}


def _next_report(selector, connection, streams: dict, output: Output, child, index: int, timeout: float) -> dict:
    """Read the snippet's output until its child reports on it: ``{"report": ...}``, or the error
    (timeout, crash, too much output) as the page's reply."""
    deadline = time.monotonic() + timeout
    while True:
        events = selector.select(max(0.0, deadline - time.monotonic()))
        if not events:
            return _failed(index, "timeout", f"did not finish within {timeout:g} s", output, streams)
        ready = {key.fd for key, _ in events}
        if sys.stdin.fileno() in ready:
            raise StoppedError("MkDocs closed the request pipe")
        for fd in ready & streams.keys():
            if output.read(fd, streams[fd]) is None:
                selector.unregister(fd)
        if output.over:
            return _too_much(index, output)
        if connection.fileno() in ready:
            try:
                return {"report": connection.recv()}
            except EOFError:
                status = _exit_status(child)
                return _failed(index, "crash", f"the snippet process died: {status}", output, streams)


def _error(index: int, kind: str, message: str) -> dict:
    return {"error": {"index": index, "kind": kind, "message": message}}


def _failed(index: int, kind: str, message: str, output: Output, streams: dict[int, str]) -> dict:
    """A timeout or a crash, with what the snippet had printed until then (a snippet's own limit)."""
    for fd, stream in streams.items():
        with contextlib.suppress(OSError):
            while not output.over and output.read(fd, stream):
                pass
    printed = {} if output.over else output.take()
    return {"error": {"index": index, "kind": kind, "message": message, **printed}}


def _too_much(index: int, output: Output) -> dict:
    return _error(
        index,
        "output",
        f"printed more than {output.limit:,} bytes (stopped after {output.size:,}); print less, "
        "or raise the limit with SNIPPETS_MAX_OUTPUT",
    )


def _exit_status(child) -> str:
    child.join(5)
    return f"it {how_it_ended(child.exitcode)}"


def _end(child) -> None:
    """Kill the child and every process in its group, then every process the snippets started that left
    the group and has become this supervisor's child, until none is left; reap them all. Then remove
    the named semaphores and shared memory they held: Python's multiprocessing names them ``sem.mp-*``
    and ``psm_*`` in /dev/shm, and its resource tracker, which removes them, is killed with the page."""
    shared = _shared_memory(pid for pid, _, group in _processes() if group == child.pid)
    for kill in (lambda: os.killpg(child.pid, signal.SIGKILL), child.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill()
    child.join()
    for _ in range(1000):  # each round ends one more generation of processes reparented here
        orphans = [pid for pid, parent, _ in _processes() if parent == os.getpid()]
        shared |= _shared_memory(orphans)
        _signal_and_reap(orphans, signal.SIGKILL)
        if not orphans:
            break
    for entry in os.scandir("/dev/shm"):
        if entry.name.startswith(("sem.mp-", "psm_")) and entry.inode() in shared:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _processes() -> list[tuple[int, int, int]]:
    """Every process as (pid, its parent's pid, its process group), from /proc."""
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError, IndexError, ValueError):
            _, parent, group = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[:3]
            found.append((int(entry), int(parent), int(group)))
    return found


def _shared_memory(pids) -> set[int]:
    """The inodes of the files in /dev/shm that these processes have mapped (a semaphore is mapped under
    the temporary name it was made with, then given its own: the inode is what stays)."""
    found = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
                fields = line.split(maxsplit=5)
                if len(fields) == 6 and fields[5].startswith("/dev/shm/"):
                    found.add(int(fields[4]))
    return found


def _enter_page(out_fd: int, err_fd: int, workdir: str) -> None:
    """Become a page's child: its own process group, the stop signals' usual behaviour, the page's
    pipes as stdout and stderr, and its working directory."""
    os.setpgid(0, 0)  # so that the worker can end every process the snippets start
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    os.dup2(out_fd, 1)
    os.dup2(err_fd, 2)
    os.close(out_fd)
    os.close(err_fd)
    os.chdir(workdir)  # never write into the source tree
    os.environ["TMPDIR"] = tempfile.tempdir = workdir  # removed with the page, like the working directory


def _child(
    connection,
    out_fd: int,
    err_fd: int,
    inherited: tuple,
    snippets: list[dict],
    first_reported: int,
    root: str,
    workdir: str,
) -> None:
    _enter_page(out_fd, err_fd, workdir)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)  # blocked while the supervisor started this process
    for fd in inherited:  # above all the pipe to MkDocs, which must see the worker's end alone
        os.close(fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # input() must not read the build's requests
    os.close(null)
    sys.stdout, sys.stderr = _text_stream(1), _text_stream(2)
    libc = ctypes.CDLL(None)

    import numpy as np

    torch = sys.modules.get("torch")  # loaded before the fork when the snippets import it

    random.seed(SEED)
    np.random.seed(SEED)
    if torch is not None:
        torch.manual_seed(SEED)
    warnings.filterwarnings("ignore", message=".*non-interactive.*")  # plt.show() under Agg
    reads: set[str] = set()
    listed: set[str] = set()
    sys.addaudithook(_watch_under(root, reads, listed))
    main = types.ModuleType("__main__")  # multiprocessing finds the snippets' functions here
    main.__builtins__ = builtins
    sys.modules["__main__"] = main
    namespace = main.__dict__
    # Modules already loaded (the libraries the worker imported before forking) are not the project's;
    # after each snippet only the modules it loaded are looked at (there are thousands of torch's).
    seen_modules = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
    page = Page(namespace, reads, listed, seen_modules, root, libc)
    _run_snippets(connection, snippets, first_reported, page)


@dataclass
class Page:
    """What a page's child carries from one snippet to the next."""

    namespace: dict
    reads: set[str]
    listed: set[str]
    seen_modules: set
    root: str
    libc: ctypes.CDLL


def _run_snippets(connection, snippets: list[dict], first_reported: int, page: Page) -> None:
    import matplotlib.pyplot as plt

    namespace, reads, listed, libc = page.namespace, page.reads, page.listed, page.libc
    folder = sys.path[0]
    page_pid = os.getpid()
    for index, snippet in enumerate(snippets):
        # The snippet's folder first, as `python snippet.py` would; what a snippet added stays.
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)
        folder = str(Path(snippet["file"]).parent)
        sys.path.insert(0, folder)
        RUNNING["file"] = snippet["file"]  # for the line of each figure it makes (figure.hooks)
        plt.rcParams["figure.hooks"] = [FIGURE_HOOK]  # again: a snippet may have reset the style
        report = None
        started = time.perf_counter()
        try:
            code = compile(snippet["source"], snippet["file"], "exec")
            exec(code, namespace)
        except BaseException as error:  # every failure is reported, then the build stops
            report = {"error": _describe(error, snippet["file"])}
        if os.getpid() != page_pid:
            _forked_copy_returned(page_pid)
        seconds = time.perf_counter() - started
        figures = []
        if report is None and index >= first_reported:  # an earlier snippet's figures are in the cache already
            for number in plt.get_fignums():
                figure = plt.figure(number)
                try:
                    figures.append(_figure(figure))
                except Exception as error:  # no title, or the figure failed to draw (a formatter raising)
                    described = _describe(error, snippet["file"])  # a line of the snippet's, if it raised there
                    described["line"] = described["line"] or getattr(figure, "sitebuild_line", None)
                    report = {"error": described}
                    break
        plt.close("all")
        sys.stdout.flush()
        sys.stderr.flush()
        libc.fflush(None)  # C code's buffered writes
        if report is None:
            modules = {getattr(m, "__file__", None) for m in list(sys.modules.values())} - page.seen_modules
            page.seen_modules |= modules
            reads.update(str(Path(f).resolve()) for f in modules if f and _inside(f, page.root))
            report = {"figures": figures, "reads": sorted(reads), "listed": sorted(listed), "seconds": seconds}
        connection.send(report)
        if "error" in report or connection.recv() != "next":
            return


def _forked_copy_returned(page_pid: int) -> None:
    """A process the snippet forked (``os.fork()``) ran on past the snippet, as it would on through a script:
    here it would run the page's later snippets too and answer for them. It ends the page instead, saying why."""
    sys.stdout.flush()
    os.write(2, b"a process this snippet forked with os.fork() ran past its end; end such a process with os._exit()\n")
    os.kill(page_pid, signal.SIGKILL)
    os._exit(1)


def _text_stream(fd: int) -> io.TextIOWrapper:
    """A line-buffered text stream on ``fd``, so that printed lines and a subprocess's keep their order."""
    raw = io.FileIO(fd, "wb", closefd=False)
    return io.TextIOWrapper(io.BufferedWriter(raw), "utf-8", "backslashreplace", line_buffering=True)


def _watch_under(root: str, reads: set[str], listed: set[str]):
    def hook(event: str, args: tuple) -> None:
        if event in ("open", "sqlite3.connect"):
            target = reads
        elif event in ("os.listdir", "os.scandir"):
            target = listed
        else:
            return
        path = args[0]
        if isinstance(path, os.PathLike):
            path = os.fspath(path)
        if path is None and target is listed:
            path = "."
        if isinstance(path, str) and _inside(path, root):
            target.add(os.path.realpath(path))

    return hook


def _inside(path: str, root: str) -> bool:
    resolved = os.path.realpath(path)
    return resolved.startswith(root + os.sep) and f"{os.sep}.venv{os.sep}" not in resolved


def _figure(fig) -> dict:
    """The figure as SVG, light and dark, with its title as alt text (a figure without a title is an error)."""
    titles = [fig.get_suptitle()] + [ax.get_title() for ax in fig.axes]
    alt = "; ".join(t.strip() for t in titles if t.strip())
    if not alt:
        raise ValueError("a figure has no title; give it one with ax.set_title or fig.suptitle (it is the alt text)")
    return {"alt": alt, **light_and_dark_svg(fig)}  # the dark copy for Material's dark scheme


def _describe(error: BaseException, file: str) -> dict:
    """The error, the snippet line it came from, and a traceback limited to the snippet."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == file]
    line = frames[-1].lineno if frames else getattr(error, "lineno", None)
    return {
        "kind": "error",
        "line": line,
        "message": "".join(traceback.format_exception_only(error)).strip(),
        "traceback": "".join(traceback.format_list(frames)),
    }


if __name__ == "__main__":
    main()
