"""The run step: every page's snippets run into the cache, and their figures written as files.

``Engine`` is what the Markdown extension asks for a page's results, and what ``python -m
sitebuild run`` and the MkDocs plugin use to run all pages first, the pages with cache misses in
parallel. Figures go to ``<docs_dir>/assets/figures/<hash>.svg`` (and ``<hash>.svg`` of the dark
copy), named by their content, so that any site generator copies them with the pages.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time

from sitebuild.directives import Directive, DirectiveError, find_directives
from sitebuild.execution import Snippet, SnippetError, SnippetRunner
from sitebuild.settings import Settings, SettingsError

log = logging.getLogger("sitebuild")
FIGURES = "assets/figures"
FIGURE_NAME = re.compile(r"[0-9a-f]{20}\.svg")

Outcome = list[dict] | SnippetError | None


def figure_path(svg: str) -> str:
    """Where a figure's SVG lies, relative to the docs directory: named by its content."""
    return f"{FIGURES}/{hashlib.sha256(svg.encode()).hexdigest()[:20]}.svg"


def make_runner(settings: Settings, warm: bool = False) -> SnippetRunner:
    """The runner for ``settings``; ``warm`` keeps its worker between builds (``mkdocs serve``)."""
    return SnippetRunner(
        root=settings.root_path,
        cache_dir=settings.cache_path,
        timeout=settings.timeout,
        rerun=settings.rerun_all,
        max_output=settings.max_output,
        warm=warm,
    )


class Engine:
    """The snippets' results for the pages of one build (one ``mkdocs serve`` rebuild)."""

    def __init__(self, settings: Settings, runner: SnippetRunner | None = None):
        """``runner``: one kept from an earlier build (``mkdocs serve``), made with ``make_runner``."""
        self.settings = settings
        self.runner = runner or make_runner(settings)
        self.snippets: dict[str, list[Snippet]] = {}  # page -> its snippets, loaded
        self.results: dict[str, Outcome] = {}  # page -> its results, or how it failed
        self.figures: set[str] = set()  # figure files (relative to docs) the pages showed
        self.page_seconds: dict[str, float] = {}  # page -> its snippets' run, when they ran
        self.seconds = 0.0  # spent running snippets
        self.shown = 0  # snippets the pages rendered in this build (under --dirty, some pages only)

    def lesson_pages(self) -> dict[str, str]:
        """Every Markdown page under the docs directory that embeds snippets: name -> text."""
        docs = self.settings.docs_path
        pages = {}
        for path in sorted(docs.rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            try:
                found = find_directives(text)
            except DirectiveError:
                found = True  # a page with a malformed exec fence: rendering it reports where
            if found:
                pages[path.relative_to(docs).as_posix()] = text
        return pages

    def check_rerun(self, pages: list[str]) -> None:
        unknown = sorted(self.settings.rerun_pages - set(pages))
        if unknown:
            raise SettingsError(
                f"rerun (SNIPPETS_RERUN) names {unknown[0]!r}, which is no page with snippets; "
                f"pages: {', '.join(pages)}"
            )

    def run_all(self, pages: dict[str, str], stop_at_failure: bool = True) -> None:
        """Run the pages' snippets now, those with cache misses in parallel, in the order given.

        After a failure the later pages are not run (unless ``stop_at_failure`` is off, as under
        ``mkdocs serve``), so the error reported is the first failing page's however many run.
        """
        self.check_rerun(list(pages))
        loaded = {}
        for name, text in pages.items():
            try:
                loaded[name] = self._load(name, find_directives(text))
            except DirectiveError as error:
                self.results[name] = SnippetError(f"{error}")
                self.results[name].line = error.line
            except SnippetError as error:
                self.results[name] = error
            if stop_at_failure and name in self.results:
                break
        started = time.monotonic()
        outcomes = self.runner.run_pages(
            list(loaded.values()),
            [name in self.settings.rerun_pages or None for name in loaded],
            jobs=self.settings.jobs,
            stop_at_failure=stop_at_failure,
        )
        self.seconds += time.monotonic() - started
        self.runner.warm_up(list(loaded.values()))  # under serve: the worker imports now, beside the build
        for name, outcome, seconds in zip(loaded, outcomes, self.runner.page_seconds, strict=True):
            self.results.setdefault(name, outcome)
            if seconds is not None:
                self.page_seconds[name] = seconds
            if isinstance(outcome, list):
                self.write_figures(outcome)

    def results_for(self, name: str | None, directives: list[Directive]) -> tuple[list[Snippet], list[dict]]:
        """The snippets ``directives`` name and their results, in order; run now if not yet run.

        ``name`` is the page's path under the docs directory, when known. Raises SnippetError
        (``index``: which of the directives) for a failing page.
        """
        key = name if name is not None else "\0".join(d.path for d in directives)
        outcome = self.results.get(key)
        shown = [s.name for s in self.snippets.get(key, [])]
        if outcome is None or (shown != [d.path for d in directives] and not isinstance(outcome, SnippetError)):
            outcome = self.results[key] = self._run(key, directives)
            if isinstance(outcome, list):
                self.write_figures(outcome)  # run_all wrote the figures of the pages it ran
        if isinstance(outcome, SnippetError):
            outcome.snippets = self.snippets[key]
            raise outcome
        return self.snippets[key], outcome

    def _run(self, key: str, directives: list[Directive]) -> Outcome:
        started = time.monotonic()
        try:
            return self.runner.run(self._load(key, directives), rerun=key in self.settings.rerun_pages or None)
        except SnippetError as error:
            return error
        finally:
            self.seconds += time.monotonic() - started

    def _load(self, key: str, directives: list[Directive]) -> list[Snippet]:
        self.snippets[key] = snippets = []
        for directive in directives:
            try:
                snippets.append(self.runner.load(directive.path))
            except SnippetError as error:
                error.index = len(snippets)
                raise
        return snippets

    def write_figures(self, results: list[dict]) -> None:
        """Write each figure's light and dark SVG under the docs directory, unless already there."""
        for figure in (figure for result in results for figure in result["figures"]):
            for svg in (figure["svg"], figure["svg_dark"]):
                path = figure_path(svg)
                self.figures.add(path)
                target = self.settings.docs_path / path
                if target.is_file():
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f".{target.name}.partial")
                partial.write_text(svg)
                partial.replace(target)

    def prune_figures(self) -> int:
        """Delete the figure files no page showed in this (full) build; return how many."""
        folder = self.settings.docs_path / FIGURES
        if not folder.is_dir():
            return 0
        stale = [
            p for p in folder.iterdir() if FIGURE_NAME.fullmatch(p.name) and f"{FIGURES}/{p.name}" not in self.figures
        ]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def slowest(self, count: int = 5) -> list[tuple[str, float]]:
        """The snippets that took longest in this build's runs, longest first."""
        return sorted(self.runner.timings, key=lambda item: -item[1])[:count]
