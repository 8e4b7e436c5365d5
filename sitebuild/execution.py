"""Run a page's snippets through the worker process, with a content-addressed cache.

A snippet's cache key hashes its source, the sources of the snippets before it on the
same page (they share its namespace), the Python version, every installed distribution
and its version, and the engine's own code. An entry also records the repository files
the snippets read or imported and the repository directories they listed, with hashes of
their contents; it is used only while those are unchanged. A malformed entry is a miss.

The cache directory holds only files the engine wrote: entries named by their key, and a
marker file. Pruning deletes nothing else, and nothing in a directory without the marker.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import logging
import os
import pickle
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

ENGINE_DIR = Path(__file__).resolve().parent
MAX_OUTPUT = 1_000_000  # bytes a snippet may print (stdout and stderr together)
MARKER = "SITEBUILD-CACHE"  # in the engine's own cache directory, and only there
MARKER_TEXT = "Written by sitebuild: the snippet cache. Files named <sha256>.json here are deleted when unused.\n"
ENTRY_NAME = re.compile(r"(?:\.tmp-\d+-)?[0-9a-f]{64}\.json")

log = logging.getLogger("sitebuild")
if not log.handlers:  # a warning that does not fail a --strict build: the pages are right, only slower
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


class SnippetError(Exception):
    """A snippet that is missing, raised, crashed or ran past the timeout."""


@dataclass
class Snippet:
    name: str  # path relative to snippets/, as the page names it
    file: Path
    source: str


def _sha(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _file_sha(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def listing_sha(path: str) -> str | None:
    """A hash of a directory's entry names, or None when it is not a directory."""
    try:
        return _sha(*sorted(os.listdir(path)))
    except OSError:
        return None


def installed_distributions() -> list[str]:
    """Every installed distribution and its version, from the names of their metadata folders.

    ``numpy-2.1.0.dist-info``: listing the folders is far quicker than reading each METADATA.
    """
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.update(f"{entry}/{n}" for n in names if n.endswith((".dist-info", ".egg-info", ".egg-link", ".pth")))
    return sorted(found)


def environment_fingerprint() -> str:
    """Python, every installed distribution and its version, and the engine's own source."""
    engine = [_file_sha(str(path)) or "" for path in sorted(ENGINE_DIR.glob("*.py"))]
    return _sha(sys.version, sys.platform, *installed_distributions(), *engine)


def _valid_entry(entry) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("stdout"), str)
        and isinstance(entry.get("stderr"), str)
        and isinstance(entry.get("figures"), list)
        and all(isinstance(f, dict) and {"alt", "svg", "width", "height"} <= f.keys() for f in entry["figures"])
        and isinstance(entry.get("reads"), dict)
        and isinstance(entry.get("listed"), dict)
    )


class SnippetCache:
    """One JSON file per snippet result under ``directory``; unused entries can be pruned.

    The directory is the engine's only if it holds the marker file, which the engine writes
    when it creates the directory or finds it holding nothing but entries. When it cannot
    write there (a read-only cache), it warns once and the build goes on without caching.
    """

    def __init__(self, directory: Path):
        self.directory = directory
        self.used: set[str] = set()
        self.writable = True
        try:
            directory.mkdir(parents=True, exist_ok=True)
            marker = directory / MARKER
            if not marker.exists() and all(ENTRY_NAME.fullmatch(p.name) for p in directory.iterdir()):
                marker.write_text(MARKER_TEXT)
        except OSError as error:
            self._cannot_write(error)

    @property
    def owned(self) -> bool:
        return (self.directory / MARKER).is_file()

    def get(self, key: str) -> dict | None:
        self.used.add(key)
        try:
            entry = json.loads((self.directory / f"{key}.json").read_text())
        except (OSError, ValueError):
            return None
        if not _valid_entry(entry):
            return None
        if any(_file_sha(path) != sha for path, sha in entry["reads"].items()):
            return None
        if any(listing_sha(path) != sha for path, sha in entry["listed"].items()):
            return None
        return entry

    def put(self, key: str, entry: dict) -> None:
        self.used.add(key)
        if not self.writable:
            return
        path = self.directory / f"{key}.json"
        partial = self.directory / f".tmp-{os.getpid()}-{key}.json"
        try:
            partial.write_text(json.dumps(entry, sort_keys=True))
            partial.replace(path)  # a reader never sees half an entry
        except OSError as error:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            self._cannot_write(error)

    def _cannot_write(self, error: OSError) -> None:
        if self.writable:
            self.writable = False
            log.warning("snippet cache: cannot write to %s (%s); building without caching", self.directory, error)

    def prune(self) -> int:
        """Delete the entries this build did not use; return how many.

        Only files named as the engine names them, in a directory holding its marker file.
        """
        if not self.writable or not self.owned:
            return 0
        stale = [
            p
            for p in self.directory.iterdir()
            if ENTRY_NAME.fullmatch(p.name) and p.is_file() and not p.is_symlink() and p.stem not in self.used
        ]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)


def _snippet_error(snippets: list[Snippet], error: dict) -> SnippetError:
    """The worker's report of a failing snippet, as the exception the build raises."""
    failed = snippets[error["index"]]
    where = f"snippets/{failed.name}" + (f":{error['line']}" if error.get("line") else "")
    printed = "".join(
        f"\nit wrote to {name}:\n{error[name].rstrip()}" for name in ("stdout", "stderr") if error.get(name)
    )
    exc = SnippetError(f"{where}: {error['message']}\n{error.get('traceback', '')}".rstrip() + printed)
    exc.index = error["index"]
    exc.line = error.get("line")
    return exc


def default_jobs() -> int:
    """Pages run at once: ``SNIPPETS_JOBS``, or one per CPU (1 runs them one after another)."""
    value = os.environ.get("SNIPPETS_JOBS", "").strip()
    if not value:
        return os.cpu_count() or 1
    jobs = int(value)  # ValueError: the hook names the variable
    if jobs < 1:
        raise ValueError(value)
    return jobs


# Under ``mkdocs serve`` one worker lives for the whole session: MkDocs imports the hook file
# afresh for every rebuild, but this module stays in sys.modules, and so does this registry.
# A worker is keyed by the project and the environment fingerprint (the engine's code
# included), so that one started before an edit to sitebuild/*.py is replaced.
_warm_workers: dict[str, tuple[str, subprocess.Popen]] = {}  # project root -> (fingerprint, worker)
_warming: dict[int, threading.Thread] = {}  # a warm worker's pid -> the thread reading its warm-up reply
# What MkDocs said at startup (``on_startup`` runs once, for the first import of the hook only).
session = {"serving": False, "dirty": False}


def stop_warm_workers() -> None:
    """End every worker kept warm (``mkdocs serve`` shutting down, or the interpreter exiting)."""
    while _warm_workers:
        _, (_, worker) = _warm_workers.popitem()
        _stop_process(worker)


atexit.register(stop_warm_workers)


def _stop_process(worker: subprocess.Popen) -> str:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    if (warming := _warming.pop(worker.pid, None)) is not None:
        warming.join(timeout=10)  # it reads the end of the worker's output, and ends
    for stream in (worker.stdin, worker.stdout):
        with contextlib.suppress(OSError):
            stream.close()
    code = worker.returncode
    return f"killed by signal {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"


class SnippetRunner:
    """Serves snippet results from the cache, starting the worker only when something must run."""

    def __init__(
        self, root: Path, cache_dir: Path, timeout: float, rerun: bool, max_output: int = MAX_OUTPUT, warm: bool = False
    ):
        """``warm``: keep the worker for later runners of the same project (``mkdocs serve``)."""
        self.root = root
        self.warm = warm
        self.snippets_dir = root / "snippets"
        self.cache = SnippetCache(cache_dir / "snippets")
        self.timeout = timeout
        self.rerun = rerun
        self.max_output = max_output
        self.fingerprint = environment_fingerprint()
        self.executed: list[str] = []  # names of the snippets run in this build, in order
        self.import_seconds = 0.0  # the worker's imports, which the pages wait for
        self.page_seconds: list[float | None] = []  # each page of the last ``run_pages``: its run, if it ran
        self._worker: subprocess.Popen | None = None
        self._stop_at_exit = False

    def load(self, name: str) -> Snippet:
        """The snippet ``name`` names, which must be a file inside ``snippets/``."""
        if PurePosixPath(name).is_absolute() or PureWindowsPath(name).anchor or ".." in PurePosixPath(name).parts:
            raise SnippetError(f"snippet path {name!r} must be relative to snippets/, without '..'")
        inside = self.snippets_dir.resolve()
        file = (self.snippets_dir / name).resolve()  # symbolic links followed
        if not file.is_relative_to(inside):
            raise SnippetError(f"snippet path {name!r} leads outside snippets/ (to {file})")
        if not file.is_file():
            raise SnippetError(f"snippet file not found: snippets/{name}")
        return Snippet(name=name, file=file, source=file.read_text())

    def run(self, snippets: list[Snippet], rerun: bool | None = None) -> list[dict]:
        """Results (stdout, stderr, figures) for a page's snippets, in order.

        ``rerun`` (default: the runner's) ignores the cache for this page.
        Raises SnippetError with ``index`` and ``line`` attributes for the failing snippet.
        """
        (outcome,) = self.run_pages([snippets], [rerun])
        if isinstance(outcome, SnippetError):
            raise outcome
        return outcome

    def run_pages(
        self,
        pages: list[list[Snippet]],
        reruns: list[bool | None] | None = None,
        jobs: int = 1,
        stop_at_failure: bool = True,
    ) -> list[list[dict] | SnippetError | None]:
        """``run`` for several pages, those with cache misses in parallel, at most ``jobs`` at once.

        Returns, for each page in order, its results, the SnippetError it failed with, or None
        when an earlier page failed and this one was never started (as in a serial build;
        without ``stop_at_failure``, every page runs).
        """
        reruns = reruns or [None] * len(pages)
        outcomes: list = []
        self.page_seconds = [None] * len(pages)
        misses = []  # (page index, keys, first miss)
        for index, (snippets, rerun) in enumerate(zip(pages, reruns, strict=True)):
            rerun = self.rerun if rerun is None else rerun
            prefixes = [snippets[: i + 1] for i in range(len(snippets))]
            keys = [_sha(self.fingerprint, *(f"{s.name}\0{s.source}" for s in prefix)) for prefix in prefixes]
            cached = [None if rerun else self.cache.get(key) for key in keys]
            first_miss = next((i for i, entry in enumerate(cached) if entry is None), len(snippets))
            outcomes.append(cached)
            if first_miss < len(snippets):
                misses.append((index, keys, first_miss))
        if not misses:
            return outcomes
        replies = self._request([(pages[index], first) for index, _, first in misses], jobs, stop_at_failure)
        for (index, keys, first_miss), reply in zip(misses, replies, strict=True):
            snippets = pages[index]
            if reply is None:
                outcomes[index] = None
                continue
            self.page_seconds[index] = reply["seconds"]
            if "error" in reply:
                outcomes[index] = _snippet_error(snippets, reply["error"])
            else:
                for i, result in enumerate(reply["results"], start=first_miss):
                    entry = {
                        "stdout": result["stdout"],
                        "stderr": result["stderr"],
                        "figures": result["figures"],
                        "reads": {path: _file_sha(path) for path in result["reads"]},
                        "listed": {path: listing_sha(path) for path in result["listed"]},
                    }
                    self.cache.put(keys[i], entry)
                    outcomes[index][i] = entry
                    self.executed.append(snippets[i].name)
        return outcomes

    def warm_up(self, pages: list[list[Snippet]]) -> None:
        """Start the warm worker now and have it import what ``pages`` import, without running them:
        a ``mkdocs serve`` whose first build found every result cached then runs the first edited
        snippet as fast as the next ones. It imports beside the build; the next request waits for it."""
        if not self.warm or (self._worker is not None and self._worker.poll() is None):
            return
        worker = self._start()
        if worker.pid in _warming:
            return
        request = self._request_for([])  # runs no page
        request["preload"] = self._request_for([(page, 0) for page in pages])["pages"]

        def send_and_read() -> None:
            with contextlib.suppress(EOFError, OSError, pickle.UnpicklingError):  # the next request reports it
                pickle.dump(request, worker.stdin)
                worker.stdin.flush()
                pickle.load(worker.stdout)

        _warming[worker.pid] = thread = threading.Thread(target=send_and_read, daemon=True)
        thread.start()

    def _request_for(self, pages: list[tuple[list[Snippet], int]], jobs: int = 1, stop_at_failure: bool = True) -> dict:
        return {
            "pages": [
                {
                    "snippets": [{"file": str(s.file), "source": s.source} for s in snippets],
                    "first_reported": first_reported,
                    "timeout": self.timeout,
                    "root": str(self.root),
                    "max_output": self.max_output,
                    "resume": self.warm,  # mkdocs serve: start where the page last left a resume point
                }
                for snippets, first_reported in pages
            ],
            "jobs": jobs,
            "stop_at_failure": stop_at_failure,
        }

    def _request(self, pages: list[tuple[list[Snippet], int]], jobs: int, stop_at_failure: bool) -> list[dict | None]:
        worker = self._start()
        if (warming := _warming.pop(worker.pid, None)) is not None:
            warming.join()  # its reply read, the pipe is this request's
        request = self._request_for(pages, jobs, stop_at_failure)
        try:
            pickle.dump(request, worker.stdin)
            worker.stdin.flush()
            response = pickle.load(worker.stdout)
            self.import_seconds += response["imports"]
            return response["replies"]
        except (EOFError, OSError) as error:
            status = self.stop()
            raise SnippetError(f"the snippet worker process died ({status})") from error

    def _start(self) -> subprocess.Popen:
        if self._worker is not None and self._worker.poll() is None:
            return self._worker
        key = str(self.root)
        if self.warm and key in _warm_workers:
            fingerprint, worker = _warm_workers.pop(key)
            if fingerprint == self.fingerprint and worker.poll() is None:
                self._worker = worker
                _warm_workers[key] = (fingerprint, worker)
                return worker
            _stop_process(worker)  # the engine or the installed packages changed: a fresh one
        env = {
            **os.environ,
            "PYTHONPATH": str(ENGINE_DIR.parent),
            "MPLBACKEND": "Agg",
            "PYTHONHASHSEED": "0",  # a printed set or dict of strings in the same order every build
        }
        self._worker = subprocess.Popen(
            [sys.executable, "-m", "sitebuild.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=self.root,
            env=env,
        )
        if self.warm:
            _warm_workers[key] = (self.fingerprint, self._worker)
        if not self._stop_at_exit:  # MkDocs interrupted (Ctrl-C): the worker ends its page children too
            atexit.register(self.stop)
            self._stop_at_exit = True
        return self._worker

    def close(self) -> None:
        """End the worker once it has finished (it exits when its requests end); a warm one stays."""
        if self._worker is not None and self.warm and self._worker.poll() is None:
            self._worker = None  # it stays in the registry, for the next build of the session
            return
        if self._worker is not None:
            try:
                self._worker.stdin.close()
                self._worker.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self.stop()

    def stop(self) -> str:
        """End the worker now (it ends its page children and their processes); say how it ended."""
        worker, self._worker = self._worker, None
        if worker is None:
            return "not running"
        for key, (_, warm) in list(_warm_workers.items()):
            if warm is worker:
                del _warm_workers[key]
        return _stop_process(worker)
