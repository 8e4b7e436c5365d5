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
import shutil
import signal
import subprocess
import sys
import tempfile
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


# The engine's code that can change a result: how snippets run and are captured, how figures are
# drawn, and how an entry is made. A change anywhere else in sitebuild/ re-runs nothing.
RESULT_CODE = ("execution.py", "worker.py", "figures.py")


def environment_fingerprint() -> str:
    """Python, every installed distribution and its version, and the engine code in ``RESULT_CODE``."""
    engine = [_file_sha(str(ENGINE_DIR / name)) or "" for name in RESULT_CODE]
    return _sha(sys.version, sys.platform, *installed_distributions(), *engine)


def _valid_figure(figure) -> bool:
    return (
        isinstance(figure, dict)
        and all(isinstance(figure.get(key), str) for key in ("alt", "svg", "svg_dark"))
        and all(type(figure.get(key)) is int for key in ("width", "height"))
    )


def _valid_entry(entry) -> bool:
    """An entry as the engine writes it: anything else (``null``, a crafted file) is a miss."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("stdout"), str)
        and isinstance(entry.get("stderr"), str)
        and isinstance(entry.get("figures"), list)
        and all(_valid_figure(f) for f in entry["figures"])
        and isinstance(entry.get("reads"), dict)
        and isinstance(entry.get("listed"), dict)
        and all(isinstance(k, str) and isinstance(v, str | None) for k, v in entry["reads"].items())
        and all(isinstance(k, str) and isinstance(v, str | None) for k, v in entry["listed"].items())
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


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # no escape sequence of a snippet's reaches the terminal


def _visible(text: str) -> str:
    return CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)


def _snippet_error(snippets: list[Snippet], error: dict) -> SnippetError:
    """The worker's report of a failing snippet, as the exception the build raises."""
    failed = snippets[error["index"]]
    where = f"snippets/{failed.name}" + (f":{error['line']}" if error.get("line") else "")
    printed = "".join(
        f"\nit wrote to {name}:\n{error[name].rstrip()}" for name in ("stdout", "stderr") if error.get(name)
    )
    text = f"{where}: {error['message']}\n{error.get('traceback', '')}".rstrip() + printed
    exc = SnippetError(_visible(text))
    exc.index = error["index"]
    exc.line = error.get("line")
    return exc


def how_it_ended(code: int | None) -> str:
    """A process's exit code (negative: the signal that killed it) in words, for error messages.

    >>> how_it_ended(3), how_it_ended(-11)
    ('exited with status 3', 'was killed by signal SIGSEGV (11)')
    """
    if code is None:
        return "closed its connection to the build"
    if code < 0:
        return f"was killed by signal {signal.Signals(-code).name} ({-code})"
    return f"exited with status {code}"


def _stop_process(worker: subprocess.Popen) -> str:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    for stream in (worker.stdin, worker.stdout):
        with contextlib.suppress(OSError):
            stream.close()
    code = worker.returncode
    return how_it_ended(code)


class SnippetRunner:
    """Serves snippet results from the cache, starting the worker only when something must run.

    A ``warm`` runner (``mkdocs serve``: the plugin keeps one for the session) keeps its worker
    between builds, and has it import ahead (``warm_up``); ``stop`` ends it.
    """

    def __init__(
        self, root: Path, cache_dir: Path, timeout: float, rerun: bool, max_output: int = MAX_OUTPUT, warm: bool = False
    ):
        self.root = root
        self.warm = warm
        self.snippets_dir = root / "snippets"
        self.cache = SnippetCache(cache_dir / "snippets")
        self.timeout = timeout
        self.rerun = rerun
        self.max_output = max_output
        self.fingerprint = environment_fingerprint()
        self.new_build()
        self._worker: subprocess.Popen | None = None
        self._warming: threading.Thread | None = None  # reads the reply to ``warm_up``'s request
        self._temp: str | None = None  # the worker's TMPDIR, removed with it
        self._stop_at_exit = False

    def new_build(self) -> None:
        """Forget what the last build ran and used (a warm runner serves one build after another)."""
        self.cache = SnippetCache(self.cache.directory)
        self.executed: list[str] = []  # names of the snippets run in this build, in order
        self.import_seconds = 0.0  # the worker's imports, which the pages wait for
        self.page_seconds: list[float | None] = []  # each page of the last ``run_pages``: its run, if it ran
        self.timings: list[tuple[str, float]] = []  # (snippet, seconds) of each snippet run in this build

    def load(self, name: str) -> Snippet:
        """The snippet ``name`` names, which must be a file inside ``snippets/``."""
        if PurePosixPath(name).is_absolute() or PureWindowsPath(name).anchor or ".." in PurePosixPath(name).parts:
            raise SnippetError(f"snippet path {name!r} must be relative to snippets/, without '..'")
        inside = self.snippets_dir.resolve()
        try:
            file = (self.snippets_dir / name).resolve()  # symbolic links followed
        except (OSError, RuntimeError) as error:  # a loop of links
            raise SnippetError(f"snippet path {name!r} cannot be followed: {error}") from None
        if not file.is_relative_to(inside):
            raise SnippetError(f"snippet path {name!r} leads outside snippets/ (to {file})")
        if not file.is_file():
            raise SnippetError(f"snippet file not found: snippets/{name}")
        try:
            source = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise SnippetError(
                f"snippets/{name} is not UTF-8 text: byte {error.start} is {error.object[error.start]:#x}"
            ) from None
        return Snippet(name=name, file=file, source=source)

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
        try:
            replies = self._request([(pages[index], first) for index, _, first in misses], jobs, stop_at_failure)
        except SnippetError as died:  # the worker died (the OOM killer, a signal): every page it ran failed
            replies = [{"error": {"index": first, "message": str(died)}, "seconds": 0.0} for _, _, first in misses]
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
                        "seconds": round(result["seconds"], 3),
                    }
                    self.cache.put(keys[i], entry)
                    outcomes[index][i] = entry
                    self.executed.append(snippets[i].name)
                    self.timings.append((snippets[i].name, result["seconds"]))
        return outcomes

    def warm_up(self, pages: list[list[Snippet]]) -> None:
        """Start the warm worker now and have it import what ``pages`` import, without running them:
        a ``mkdocs serve`` whose first build found every result cached then runs the first edited
        snippet as fast as the next ones. It imports beside the build; the next request waits for it."""
        if not self.warm or (self._worker is not None and self._worker.poll() is None):
            return
        worker = self._start()
        request = self._request_for([])  # runs no page
        request["preload"] = self._request_for([(page, 0) for page in pages])["pages"]

        def send_and_read() -> None:
            with contextlib.suppress(EOFError, OSError, pickle.UnpicklingError):  # the next request reports it
                pickle.dump(request, worker.stdin)
                worker.stdin.flush()
                pickle.load(worker.stdout)

        self._warming = threading.Thread(target=send_and_read, daemon=True)
        self._warming.start()

    def _request_for(self, pages: list[tuple[list[Snippet], int]], jobs: int = 1, stop_at_failure: bool = True) -> dict:
        return {
            "pages": [
                {
                    "snippets": [{"file": str(s.file), "source": s.source} for s in snippets],
                    "first_reported": first_reported,
                    "timeout": self.timeout,
                    "root": str(self.root),
                    "max_output": self.max_output,
                }
                for snippets, first_reported in pages
            ],
            "jobs": jobs,
            "stop_at_failure": stop_at_failure,
        }

    def _request(self, pages: list[tuple[list[Snippet], int]], jobs: int, stop_at_failure: bool) -> list[dict | None]:
        worker = self._start()
        if self._warming is not None:
            self._warming.join()  # its reply read, the pipe is this request's
            self._warming = None
        request = self._request_for(pages, jobs, stop_at_failure)
        try:
            pickle.dump(request, worker.stdin)
            worker.stdin.flush()
            response = pickle.load(worker.stdout)
            self.import_seconds += response["imports"]
            return response["replies"]
        except (EOFError, OSError) as error:
            status = self.stop()
            raise SnippetError(f"the snippet worker process died (it {status})") from error

    def _start(self) -> subprocess.Popen:
        if self._worker is not None and self._worker.poll() is None:
            return self._worker
        self._remove_temp()
        self._temp = tempfile.mkdtemp(prefix="sitebuild-worker-")  # torch's compiler writes its cache there
        env = {
            **os.environ,
            "PYTHONPATH": str(ENGINE_DIR.parent),
            "MPLBACKEND": "Agg",
            "PYTHONHASHSEED": "0",  # a printed set or dict of strings in the same order every build
            "TMPDIR": self._temp,
        }
        self._worker = subprocess.Popen(
            [sys.executable, "-m", "sitebuild.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=self.root,
            env=env,
        )
        if not self._stop_at_exit:  # MkDocs interrupted (Ctrl-C): the worker ends its page children too
            atexit.register(self.stop)
            self._stop_at_exit = True
        return self._worker

    def close(self) -> None:
        """End the worker once it has finished (it exits when its requests end); a warm one stays."""
        if self.warm:
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
        status = _stop_process(worker)
        if self._warming is not None:
            self._warming.join(timeout=10)  # it reads the end of the worker's output, and ends
            self._warming = None
        self._remove_temp()
        return status

    def _remove_temp(self) -> None:
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)
            self._temp = None
