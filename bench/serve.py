"""The edit loop under ``mkdocs serve``: from saving a file to its page rebuilt and served.

Copies the project into a temporary directory, starts ``mkdocs serve`` there on a free port,
then edits the lesson's last snippet (a new line printed; the page's snippets run again, the
earlier ones from the warm worker only to rebuild the namespace) and one page's prose (a new word), each ``runs``
times, polling the served page until the edit shows. Prints the median and every time.
A warm cache (``SITE_CACHE_DIR``, or ``.cache`` in the project, copied) makes the first build quick.

    .venv/bin/python bench/serve.py [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = "tensors"  # the lesson edited
COPIED = ("docs", "snippets", "sitebuild", "overrides", "includes", "mkdocs.yml", "node_modules", ".cache")
TARGETS = {"snippet edit": 3.0, "prose edit": 1.0}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _interruptible() -> None:
    """Ctrl-C stops serve (a shell starting this script in the background ignores it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def _until(url: str, text: str, limit: float = 120) -> float:
    started = time.monotonic()
    while text not in _fetch(url):
        if time.monotonic() - started > limit:
            raise TimeoutError(f"{text!r} did not appear on {url} within {limit} s")
        time.sleep(0.02)
    return time.monotonic() - started


def measure(runs: int = 5) -> dict[str, list[float]]:
    """Seconds from each save to the served page showing it, per kind of edit."""
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as temp:
        project = Path(temp)
        for name in COPIED:
            source = ROOT / name
            if name == "node_modules" or not source.exists():
                if source.exists():
                    (project / name).symlink_to(source.resolve())
                continue
            if source.is_dir():
                shutil.copytree(source, project / name, symlinks=True)
            else:
                shutil.copy2(source, project / name)
        port = _free_port()
        serve = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],  # as `make serve`
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_interruptible,
        )
        url = f"http://127.0.0.1:{port}/{PAGE}/"
        times: dict[str, list[float]] = {kind: [] for kind in TARGETS}
        try:
            _until(url, "</html>", limit=600)  # the first build
            page = project / "docs" / f"{PAGE}.md"
            snippet = project / "snippets" / re.findall(r'exec="([^"]+)"', page.read_text())[-1]
            snippet_text, page_text = snippet.read_text(), page.read_text()
            for run in range(runs):
                marker = f"benchmark-edit-{run}-{time.time_ns()}"
                snippet.write_text(f"{snippet_text}print({marker!r})\n")
                times["snippet edit"].append(_until(url, marker))
                word = f"benchprose{run}x{time.time_ns()}"
                page.write_text(f"{page_text}\n{word}\n")
                times["prose edit"].append(_until(url, word))
        finally:
            serve.send_signal(signal.SIGINT)
            try:
                serve.wait(timeout=60)
            except subprocess.TimeoutExpired:
                serve.kill()
                serve.wait()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    times = measure(parser.parse_args().runs)
    print(f"| {'serve':<14} | {'median':>8} | {'target':>8} | every run (s)")
    print(f"| {'-' * 14} | {'-' * 8} | {'-' * 8} | ---")
    for kind, seconds in times.items():
        each = ", ".join(f"{s:.2f}" for s in seconds)
        print(f"| {kind:<14} | {statistics.median(seconds):>6.2f} s | {TARGETS[kind]:>6.1f} s | {each}")


if __name__ == "__main__":
    main()
