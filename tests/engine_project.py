"""Throw-away projects for the engine's tests: rendered in-process, or built with the real ``mkdocs build``.

``Project.render`` is the engine alone, as any generator runs it: the run step (``Engine.run_all``,
what ``python -m sitebuild run`` and the MkDocs plugin call first), then each page through a bare
``markdown.Markdown`` with the site's Markdown extensions and ``sitebuild.extension``. It takes
milliseconds on top of the snippets' own work; it closes the worker it started before returning,
raising or not. ``Project.build`` runs ``mkdocs build`` in a subprocess, for the tests whose subject
is MkDocs or the plugin (its log lines, front matter, KaTeX cache, signals, serve).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import pytest

from sitebuild.engine import Engine
from sitebuild.extension import BuildFailure, SnippetExtension
from sitebuild.settings import SettingsError

ROOT = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Engine test
theme:
  name: material
  font: false
plugins:
  - sitebuild
markdown_extensions:
  - md_in_html
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.superfences
  - sitebuild.extension:
      cache_dir: !ENV [SITE_CACHE_DIR, .cache]
      timeout: !ENV [SNIPPETS_TIMEOUT, 120]
      max_output: !ENV [SNIPPETS_MAX_OUTPUT, 1000000]
      jobs: !ENV [SNIPPETS_JOBS, 0]
      rerun: !ENV [SNIPPETS_RERUN, ""]
"""


# A snippet that starts a sleeper, writes "worker supervisor child sleeper" pids to $ENGINE_TEST_PIDS,
# and hangs: for the tests that check every one of them is ended.
HANGS_NAMING_ITS_WORKER = """\
import os
import subprocess
import time
from pathlib import Path

sleeper = subprocess.Popen(["sleep", "300"])
supervisor = os.getppid()
with open(f"/proc/{supervisor}/stat") as stat:
    worker = int(stat.read().rsplit(")", 1)[1].split()[1])
pids = f"{worker} {supervisor} {os.getpid()} {sleeper.pid}"
Path(os.environ["ENGINE_TEST_PIDS"]).write_text(pids)
time.sleep(300)
"""


@dataclass
class Rendered:
    """One in-process build: each page's HTML, and what the engine ran."""

    engine: Engine
    pages: dict[str, str] = field(default_factory=dict)  # page (under docs/) -> its HTML
    pruned: int = 0  # stale cache entries removed, when asked to prune

    def html(self, page: str = "index.md") -> str:
        return self.pages[page]

    @property
    def executed(self) -> list[str]:
        """The snippets this build ran, in order (the cache served the others)."""
        return self.engine.runner.executed

    @property
    def shown(self) -> int:
        return self.engine.shown


class Project:
    """A tiny project using the real Markdown extension (and, for ``build``, the real plugin)."""

    def __init__(self, path: Path):
        self.path = path
        (path / "mkdocs.yml").write_text(MKDOCS_YML)
        (path / "node_modules").symlink_to(ROOT / "node_modules")

    def write(self, relative: str, text: str) -> None:
        file = self.path / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(text))

    def page(self, *snippets: str, before: str = "# Page\n\n") -> None:
        fences = "\n".join(f'```python exec="{name}"\n```\n' for name in snippets)
        self.write("docs/index.md", before + fences)

    # --- in-process: the engine alone --------------------------------------------------------

    def pages(self) -> list[str]:
        """The docs' Markdown pages in MkDocs' order: index.md first, then by name."""
        docs = self.path / "docs"
        names = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
        return sorted(names, key=lambda name: name != "index.md")

    def render(
        self,
        *pages: str,
        env: dict | None = None,
        includes: bool = False,
        prune: bool = False,
        **options,
    ) -> Rendered:
        """Run and render ``pages`` (default: every page) as a build does, in-process.

        ``options`` are the extension's (``timeout=2``, ``rerun="1"``, ``cache_dir=...``); ``env``
        is set while the build runs (the worker inherits it; ``TMPDIR`` moves the engine's temporary
        files); ``includes`` adds ``pymdownx.snippets`` (``check_paths``) as a site would; ``prune``
        removes the cache entries this build did not use, as a full MkDocs build does. Raises the
        extension's ``BuildFailure`` (or ``SettingsError``) as a failing build would.
        """
        options = {"katex": False, **options}
        extension = SnippetExtension(root=str(self.path), **options)
        extensions: list = ["md_in_html", "pymdownx.arithmatex", "pymdownx.superfences"]
        configs: dict = {"pymdownx.arithmatex": {"generic": True}}
        if includes:
            extensions.append("pymdownx.snippets")
            configs["pymdownx.snippets"] = {"check_paths": True, "base_path": [str(self.path)]}
        converter = markdown.Markdown(extensions=[*extensions, extension], extension_configs=configs)
        names = list(pages) or self.pages()
        texts = {name: (self.path / "docs" / name).read_text() for name in names}
        with pytest.MonkeyPatch.context() as patch:
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            patch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
            engine = extension.get_engine()
            try:
                engine.run_all(texts)  # the run step, as the plugin and `python -m sitebuild run` do
                rendered = Rendered(engine)
                for name, text in texts.items():
                    extension.page, extension.page_name = f"docs/{name}", name
                    converter.reset()
                    rendered.pages[name] = converter.convert(text)
                if prune:
                    rendered.pruned = engine.runner.cache.prune()
            finally:
                engine.runner.close()
        return rendered

    def fails(self, *pages: str, **options) -> str:
        """Render as ``render`` does, which must fail; return the error and what the engine logged."""
        logged = _Collect()
        logger = logging.getLogger("sitebuild")
        logger.addHandler(logged)
        try:
            with pytest.raises((BuildFailure, SettingsError)) as raised:
                self.render(*pages, **options)
        finally:
            logger.removeHandler(logged)
        return "\n".join([str(raised.value), *logged.lines])

    # --- a real `mkdocs build` -----------------------------------------------------------------

    def build(self, *, env: dict | None = None, site: str = "site") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site],
            cwd=self.path,
            capture_output=True,
            text=True,
            env={**base_env(), **(env or {})},
            timeout=300,
            check=False,
        )

    def html(self, site: str = "site") -> str:
        return (self.path / site / "index.html").read_text()


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def base_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith(("SNIPPETS_", "SITE_CACHE_DIR"))}


def ran(result: subprocess.CompletedProcess) -> str:
    """The plugin's summary line: which snippets this build executed."""
    return next(line for line in result.stderr.splitlines() if "snippets:" in line)


def figures(project: Project) -> dict[str, bytes]:
    """The figure files the engine wrote under the project's docs: name -> bytes."""
    folder = project.path / "docs" / "assets" / "figures"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.svg"))} if folder.is_dir() else {}


def gone(pid: int) -> bool:
    """True once ``pid`` has exited (a zombie waiting for a reaper counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()
