"""Run a page's snippets through the worker process, with a content-addressed cache.

A snippet's cache key hashes its source, the sources of the snippets before it on the
same page (they share its namespace), the versions of Python, torch, numpy and
matplotlib, and the engine's own code. An entry also records the repository files the
snippets read or imported, with their hashes; it is used only while those are unchanged.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ENGINE_DIR = Path(__file__).resolve().parent
VERSIONED_PACKAGES = ("torch", "numpy", "matplotlib", "scikit-learn")


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


def environment_fingerprint() -> str:
    """Python and library versions, and the engine's own source."""
    versions = [sys.version] + [f"{name}=={importlib.metadata.version(name)}" for name in VERSIONED_PACKAGES]
    engine = [_file_sha(str(path)) or "" for path in sorted(ENGINE_DIR.glob("*.py"))]
    return _sha(*versions, *engine)


class SnippetCache:
    """One JSON file per snippet result under ``directory``; unused entries can be pruned."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.used: set[str] = set()
        directory.mkdir(parents=True, exist_ok=True)

    def get(self, key: str) -> dict | None:
        self.used.add(key)
        try:
            entry = json.loads((self.directory / f"{key}.json").read_text())
        except (OSError, ValueError):
            return None
        if any(_file_sha(path) != sha for path, sha in entry["reads"].items()):
            return None
        return entry

    def put(self, key: str, entry: dict) -> None:
        self.used.add(key)
        path = self.directory / f"{key}.json"
        path.write_text(json.dumps(entry, sort_keys=True))

    def prune(self) -> int:
        """Delete the entries this build did not use; return how many."""
        stale = [p for p in self.directory.glob("*.json") if p.stem not in self.used]
        for path in stale:
            path.unlink()
        return len(stale)


class SnippetRunner:
    """Serves snippet results from the cache, starting the worker only when something must run."""

    def __init__(self, root: Path, cache_dir: Path, timeout: float, rerun: bool):
        self.root = root
        self.snippets_dir = root / "snippets"
        self.cache = SnippetCache(cache_dir / "snippets")
        self.timeout = timeout
        self.rerun = rerun
        self.fingerprint = environment_fingerprint()
        self.executed: list[str] = []  # names of the snippets run in this build, in order
        self._worker: subprocess.Popen | None = None

    def load(self, name: str) -> Snippet:
        file = self.snippets_dir / name
        if not file.is_file():
            raise SnippetError(f"snippet file not found: {file.relative_to(self.root)}")
        return Snippet(name=name, file=file, source=file.read_text())

    def run(self, snippets: list[Snippet]) -> list[dict]:
        """Results (stdout, figures) for a page's snippets, in order.

        Raises SnippetError with ``index`` and ``line`` attributes for the failing snippet.
        """
        prefixes = [snippets[: i + 1] for i in range(len(snippets))]
        keys = [_sha(self.fingerprint, *(f"{s.name}\0{s.source}" for s in prefix)) for prefix in prefixes]
        cached = [None if self.rerun else self.cache.get(key) for key in keys]
        first_miss = next((i for i, entry in enumerate(cached) if entry is None), len(snippets))
        if first_miss == len(snippets):
            return cached
        reply = self._request(snippets, first_miss)
        if "error" in reply:
            error = reply["error"]
            failed = snippets[error["index"]]
            where = f"snippets/{failed.name}" + (f":{error['line']}" if error.get("line") else "")
            exc = SnippetError(f"{where}: {error['message']}\n{error.get('traceback', '')}".rstrip())
            exc.index = error["index"]
            raise exc
        for i, result in enumerate(reply["results"], start=first_miss):
            entry = {
                "stdout": result["stdout"],
                "figures": result["figures"],
                "reads": {path: _file_sha(path) for path in result["reads"]},
            }
            self.cache.put(keys[i], entry)
            cached[i] = entry
            self.executed.append(snippets[i].name)
        return cached

    def _request(self, snippets: list[Snippet], first_reported: int) -> dict:
        worker = self._start()
        request = {
            "snippets": [{"file": str(s.file), "source": s.source} for s in snippets],
            "first_reported": first_reported,
            "timeout": self.timeout,
            "root": str(self.root),
        }
        pickle.dump(request, worker.stdin)
        worker.stdin.flush()
        try:
            return pickle.load(worker.stdout)
        except EOFError as error:
            self.close()
            raise SnippetError("the snippet worker process died") from error

    def _start(self) -> subprocess.Popen:
        if self._worker is None or self._worker.poll() is not None:
            env = {**os.environ, "PYTHONPATH": str(ENGINE_DIR.parent), "MPLBACKEND": "Agg"}
            self._worker = subprocess.Popen(
                [sys.executable, "-m", "sitebuild.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=self.root,
                env=env,
            )
        return self._worker

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stdin.close()
            self._worker.wait(timeout=30)
            self._worker = None
