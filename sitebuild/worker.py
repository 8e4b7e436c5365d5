"""The process that runs lesson snippets for the build.

MkDocs starts it once per build (``python -m sitebuild.worker``) and sends it one request
per page over stdin; it answers over stdout, both as pickles. It imports torch, numpy,
matplotlib and scikit-learn once, then forks a child for every page, so that pages are
isolated from each other and a local module edited under ``mkdocs serve`` is imported
afresh. The child runs the page's snippets in order in one namespace, like notebook
cells, and reports what each printed, the figures it left open and the repository files
it read or imported (for the cache).
"""

from __future__ import annotations

import builtins
import contextlib
import io
import multiprocessing
import os
import pickle
import random
import sys
import tempfile
import traceback
import warnings
from pathlib import Path

from sitebuild.figures import light_and_dark_svg

SEED = 0
SVG_HASH_SALT = "pytorch-from-first-principles"


def main() -> None:
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray writes must not corrupt replies
    _preload()
    fork = multiprocessing.get_context("fork")
    while True:
        try:
            request = pickle.load(sys.stdin.buffer)
        except EOFError:
            return
        pickle.dump(run_page(fork, **request), protocol_out)
        protocol_out.flush()


def _preload() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot
    import numpy  # noqa: F401
    import sklearn.datasets  # noqa: F401
    import torch

    torch.set_num_threads(1)


def run_page(fork, snippets: list[dict], first_reported: int, timeout: float, root: str) -> dict:
    """Run ``snippets`` in a forked child; report results from index ``first_reported`` on.

    Returns ``{"results": [...]}`` or ``{"error": {...}}`` naming the failing snippet.
    """
    receive, send = fork.Pipe(duplex=False)
    child = fork.Process(target=_child, args=(send, snippets, root), daemon=True)
    child.start()
    send.close()
    results = []
    try:
        for index in range(len(snippets)):
            if not receive.poll(timeout):
                return {"error": {"index": index, "kind": "timeout", "message": f"did not finish within {timeout:g} s"}}
            try:
                message = receive.recv()
            except EOFError:
                return {"error": {"index": index, "kind": "crash", "message": "the snippet process died"}}
            if "error" in message:
                return {"error": {**message["error"], "index": index}}
            if index >= first_reported:
                results.append(message)
        return {"results": results}
    finally:
        child.kill()
        child.join()
        receive.close()


def _child(send, snippets: list[dict], root: str) -> None:
    import matplotlib.pyplot as plt
    import numpy as np
    import torch

    os.chdir(tempfile.mkdtemp(prefix="snippet-"))  # never write into the source tree
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    plt.rcParams["svg.hashsalt"] = SVG_HASH_SALT
    warnings.filterwarnings("ignore", message=".*non-interactive.*")  # plt.show() under Agg
    reads: set[str] = set()
    sys.addaudithook(_reads_under(root, reads))
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    for snippet in snippets:
        sys.path[0] = str(Path(snippet["file"]).parent)  # as `python snippet.py` would
        stdout = io.StringIO()
        try:
            code = compile(snippet["source"], snippet["file"], "exec")
            with contextlib.redirect_stdout(stdout):
                exec(code, namespace)
            figures = [_figure(plt.figure(number)) for number in plt.get_fignums()]
        except BaseException as error:  # every failure is reported, then the build stops
            send.send({"error": _describe(error, snippet["file"])})
            return
        finally:
            plt.close("all")
        modules = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
        reads.update(str(Path(f).resolve()) for f in modules if f and _inside(f, root))
        send.send({"stdout": stdout.getvalue(), "figures": figures, "reads": sorted(reads)})


def _reads_under(root: str, reads: set[str]):
    def hook(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], str) and _inside(args[0], root):
            reads.add(str(Path(args[0]).resolve()))

    return hook


def _inside(path: str, root: str) -> bool:
    resolved = os.path.realpath(path)
    return resolved.startswith(root + os.sep) and f"{os.sep}.venv{os.sep}" not in resolved


def _figure(fig) -> dict:
    """The figure as SVG, light and dark, with its title as alt text (a figure without a title is an error)."""
    titles = [fig.get_suptitle()] + [ax.get_title() for ax in fig.axes]
    alt = "; ".join(t for t in titles if t)
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
