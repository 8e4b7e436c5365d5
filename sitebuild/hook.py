"""MkDocs hooks: run the lessons' snippets and render the maths when the site builds.

Also puts the notebook links under each lesson's title, gives each notebook page the build's own
results as its outputs (mkdocs-jupyter renders it, executing nothing), and finishes the notebook
pages (figure files, shared stylesheets, KaTeX for their formulas, valid markup).

Registered in mkdocs.yml under ``hooks:``. Settings come from the environment, so that
mkdocs.yml stays plain:

- ``SNIPPETS_RERUN=1``   ignore the caches: run every snippet again;
  ``SNIPPETS_RERUN=tensors.md,gradients.md`` runs those pages' snippets again;
- ``SNIPPETS_JOBS``      pages whose snippets run at once (default: one per CPU; 1 runs them
  one after another); the results are the same;
- ``SNIPPETS_TIMEOUT``   seconds one snippet may run (default 120);
- ``SNIPPETS_MAX_OUTPUT`` bytes one snippet may print, stdout and stderr together (default 1000000);
- ``SITE_CACHE_DIR``     where results are cached (default ``.cache`` beside mkdocs.yml; never
  ``docs/``, ``snippets/`` or a folder holding them).

Every page's snippets are run before any page is rendered (``on_files``), the pages with cache
misses in parallel; rendering a page then only reads its results (``Build.results_for``).
Under ``mkdocs serve`` a failing snippet's error is shown on its page, clearly marked, so the
browser gets a page; ``mkdocs build`` fails. The serve session keeps one warm worker.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.utils import get_relative_url
from watchdog.observers.polling import PollingObserver

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads this file by path

from sitebuild import execution
from sitebuild.directives import (
    SnippetBlocks,
    dollar_amounts,
    fence_for,
    find_directives,
    missing_include_line,
    render,
    replace_directives,
)
from sitebuild.execution import MAX_OUTPUT, Snippet, SnippetError, SnippetRunner, default_jobs
from sitebuild.katex import KatexRenderer, MathError, mark_notebook_math
from sitebuild.lessons import REPRODUCIBLE_ENV
from sitebuild.notebook_pages import display_maths_out_of_paragraphs, finish_notebook_page, mathml_only
from sitebuild.notebooks import notebook_path, serialize, with_outputs
from sitebuild.search_index import mark_terms, rewrite_index, with_code, without_code

log = logging.getLogger("mkdocs.hooks.sitebuild")
FIGURES = "assets/figures"
SERVE_POLLING = 0.1  # seconds between looks for edited files under `mkdocs serve` (MkDocs: 0.5)


class Build:
    """What one build needs: the snippet runner, the maths renderer and the figures made."""

    def __init__(self, config):
        root = Path(config.config_file_path).resolve().parent
        self.cache_dir = cache_dir = Path(os.environ.get("SITE_CACHE_DIR", root / ".cache")).resolve()
        for sources in (Path(config.docs_dir).resolve(), root / "snippets"):
            if cache_dir.is_relative_to(sources) or sources.is_relative_to(cache_dir):
                raise PluginError(
                    f"SITE_CACHE_DIR={cache_dir} would mix the cache with the sources in {sources}: "
                    "choose a folder of its own, outside them (the default is .cache beside mkdocs.yml)"
                )
        try:
            max_output = int(os.environ.get("SNIPPETS_MAX_OUTPUT", MAX_OUTPUT))
        except ValueError:
            raise PluginError("SNIPPETS_MAX_OUTPUT must be a number of bytes") from None
        self.runner = SnippetRunner(
            root=root,
            cache_dir=cache_dir,
            timeout=float(os.environ.get("SNIPPETS_TIMEOUT", "120")),
            rerun=os.environ.get("SNIPPETS_RERUN", "").strip() == "1",
            max_output=max_output,
            warm=execution.session["serving"],
        )
        try:
            self.jobs = default_jobs()
        except ValueError:
            raise PluginError("SNIPPETS_JOBS must be a whole number of pages, 1 or more") from None
        self.started = time.monotonic()
        self.seconds = {"snippets": 0.0, "maths": 0.0, "notebooks": 0.0}  # the time split logged after the build
        self.page_seconds: dict[str, float] = {}  # lesson page -> its snippets' run, when they ran
        self.notebook_started = 0.0  # when the notebook page being rendered was handed to mkdocs-jupyter
        self.results: dict[str, tuple[list[Snippet], list[dict] | SnippetError | None]] = {}  # page -> ...
        # SNIPPETS_RERUN=linear-regression.md,tensors.md re-runs those pages' snippets only.
        rerun = os.environ.get("SNIPPETS_RERUN", "").strip()
        self.rerun_pages = {p.strip() for p in rerun.split(",") if p.strip()} if rerun not in ("", "0", "1") else set()
        self.blocks = SnippetBlocks(on_missing_include=_missing_include)
        self.code_out_of_search: dict[str, dict[str, str]] = {}  # page -> its code blocks, while it is indexed
        self.page_name = ""  # the page being rendered, for errors raised while Markdown converts it
        self.page_offset = 0  # its front matter's lines
        try:
            self.katex = KatexRenderer(root, cache_dir)
        except MathError as error:
            raise PluginError(str(error)) from error
        self.generated: dict[str, str] = {}  # site path -> text: figures, notebook stylesheets
        self.snippet_count = 0
        self.terms: list[dict] = []  # definition-list terms, each its own search result
        self.notebooks_dir = Path(tempfile.mkdtemp(prefix="site-notebooks-"))  # notebooks with outputs
        self.templates = template_cache(cache_dir / "templates")  # compiled Jinja templates (on_env)

    def run_all(self, files) -> None:
        """Run every lesson page's snippets now, the pages with cache misses in parallel.

        Pages in the order MkDocs renders them: after a failure, later pages are not run, and
        the error MkDocs reports is the first failing page's, however many pages run at once.
        """
        pages = [f for f in files.documentation_pages() if f.src_uri.endswith(".md")]
        loaded = {}
        for file in pages:
            snippets = []
            try:
                for directive in find_directives(Path(file.abs_src_path).read_text()):
                    try:
                        snippets.append(self.runner.load(directive.path))
                    except SnippetError as error:
                        error.index = len(snippets)
                        raise
            except SnippetError as error:
                self.results[file.src_uri] = (snippets, error)
                if _serving:
                    continue
                break  # as in a serial build, the pages after the first failure do not run
            except OSError:
                continue  # MkDocs reports an unreadable page itself
            if snippets:
                loaded[file.src_uri] = snippets
        started = time.monotonic()
        outcomes = self.runner.run_pages(
            list(loaded.values()),
            [uri in self.rerun_pages or None for uri in loaded],
            jobs=self.jobs,
            stop_at_failure=not _serving,
        )
        self.seconds["snippets"] += time.monotonic() - started
        # Under serve, when nothing ran, the worker imports now, not when the first snippet is edited.
        self.runner.warm_up(list(loaded.values()))
        for (uri, snippets), outcome, seconds in zip(loaded.items(), outcomes, self.runner.page_seconds, strict=True):
            self.results.setdefault(uri, (snippets, outcome))
            if seconds is not None:
                self.page_seconds[uri] = seconds

    def prerender_maths(self, markdown: list[Path]) -> None:
        started = time.monotonic()
        try:
            self.katex.prerender(markdown)
            self.katex.subset_fonts()  # cut for these formulas' characters, so the end of the build finds them
            self.katex.save(prune=False)  # for the offline copy, which may start building before this one ends
        except Exception as error:  # the pages and the end of the build do it again, and report it
            log.debug("formulas or fonts not made up front: %s", error)
        self.seconds["maths up front"] = time.monotonic() - started

    def results_for(self, uri: str, source: Path) -> tuple[list[Snippet], list[dict]]:
        """The snippets of the page ``uri`` (``tensors.md``, its file ``source``) and their results,
        in order; run now if ``run_all`` has not. A notebook page asks for its lesson's.

        Raises SnippetError (``index``: which of the page's snippets) for a failing page.
        """
        snippets, outcome = self.results.get(uri, (None, None))
        if snippets is None or outcome is None:
            snippets = []
            try:
                for directive in find_directives(source.read_text()):
                    try:
                        snippets.append(self.runner.load(directive.path))
                    except SnippetError as error:
                        error.index = len(snippets)
                        raise
                started = time.monotonic()
                try:
                    outcome = self.runner.run(snippets, rerun=uri in self.rerun_pages or None)
                finally:
                    self.seconds["snippets"] += time.monotonic() - started
            except SnippetError as error:
                outcome = error
            self.results[uri] = (snippets, outcome)
        if isinstance(outcome, SnippetError):
            outcome.snippets = snippets
            raise outcome
        return snippets, outcome


_build: Build | None = None
_dirty = False
_serving = False


def on_startup(command, dirty):
    execution.session.update(serving=command == "serve", dirty=dirty)


def on_serve(server, config, builder):
    """``mkdocs serve`` looks for edited files by polling, which works on every file system (a Docker
    bind mount too), every 0.5 s: an edit waited 0.25 s on average, up to 0.5 s, before its rebuild
    began. This hook has it look every ``SERVE_POLLING`` seconds: the paths already watched move to
    a new observer, and those MkDocs watches after this hook (``watch:``) go there too. Looking costs
    an idle ``mkdocs serve`` about 5% of one of this 2-core machine's CPUs (1% at 0.5 s)."""
    watched = dict(getattr(server, "_watched_paths", {}))  # path -> how many times watched
    if not isinstance(server.observer, PollingObserver) or server.observer.is_alive():
        return server
    for path, times in watched.items():
        for _ in range(times):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=SERVE_POLLING)
    for path, times in watched.items():
        for _ in range(times):
            server.watch(path)
    return server


def on_shutdown():
    if _build is not None:
        _build.runner.stop()
    execution.stop_warm_workers()


def on_config(config):
    global _build, _dirty, _serving
    _serving, _dirty = execution.session["serving"], execution.session["dirty"]  # this import is a rebuild's
    # The snippet worker and the notebook kernels inherit this environment. One thread each keeps
    # results identical from build to build and stops numpy and scikit-learn crowding the CPUs;
    # without MPLBACKEND the kernels use Jupyter's inline backend and show their figures.
    os.environ.update(REPRODUCIBLE_ENV)
    os.environ.pop("MPLBACKEND", None)
    if _build is not None:
        _build.runner.close()
        shutil.rmtree(_build.notebooks_dir, ignore_errors=True)
    _build = Build(config)
    config.markdown_extensions.append(_build.blocks)  # an Extension instance: Markdown takes those too
    notebooks = config.plugins.get("mkdocs-jupyter")
    if notebooks is not None:  # it renders the notebooks with our outputs; it never runs a kernel
        if notebooks.config["execute"]:
            raise PluginError("mkdocs-jupyter must not execute notebooks: the build's own results are their outputs")
        # Its cache holds the pages as nbconvert renders them, which render_notebooks_unparsed changed.
        notebooks.config["cache_dir"] = str(_build.cache_dir / "notebook-pages")
        keep_nbconvert_templates_compiled(_build.templates)
        render_notebooks_unparsed()
        if _build.runner.rerun:
            shutil.rmtree(notebooks.config["cache_dir"], ignore_errors=True)


@event_priority(100)  # before mkdocs-jupyter reads the notebook
def on_pre_page(page, config, files):
    """A notebook page shows, and serves for download, its notebook with the build's outputs."""
    if not page.file.src_uri.endswith(".ipynb"):
        return page
    notebook = Path(page.file.abs_src_path)
    lesson = Path(config.docs_dir) / f"{notebook.stem}.md"
    if not lesson.is_file():
        return page
    try:
        _, results = _build.results_for(lesson.name, lesson)
    except SnippetError as error:
        raise PluginError(f"{Path(config.docs_dir).name}/{lesson.name}: {error}") from None
    try:
        shown = with_outputs(json.loads(notebook.read_text()), results)
    except ValueError as error:
        raise PluginError(f"{_page_name(page, config)}: {error}; run `python -m sitebuild.notebooks`") from None
    written = _build.notebooks_dir / "notebooks" / notebook.name  # mkdocs-jupyter includes notebooks/*.ipynb
    written.parent.mkdir(exist_ok=True)
    written.write_text(serialize(shown))
    page.file.abs_src_path = str(written)
    return page


def on_files(files, config):
    # The formulas render in one KaTeX run while the snippets run (pages render later, one by one).
    markdown = [Path(f.abs_src_path) for f in files.documentation_pages() if f.src_uri.endswith((".md", ".ipynb"))]
    maths = threading.Thread(target=_build.prerender_maths, args=(markdown,))
    maths.start()
    try:
        _build.run_all(files)
    finally:
        maths.join()
    if _dirty:
        _outdate_pages_with_new_results(files)
    return files


def _outdate_pages_with_new_results(files) -> None:
    """Under ``--dirty`` MkDocs rebuilds only pages whose Markdown is newer than their HTML.

    A page whose snippets gave new results (a snippet was edited) is out of date too, and so is
    its notebook page: remove their HTML, so the rebuild makes them anew. Results are compared
    with the previous build of the same ``mkdocs serve`` session.
    """
    previous = execution.session.setdefault("page_results", {})
    for uri, (_, outcome) in _build.results.items():
        shown = str(outcome) if isinstance(outcome, SnippetError) else json.dumps(outcome, sort_keys=True)
        digest = hashlib.sha256(shown.encode()).hexdigest()
        if previous.get(uri) == digest:
            continue
        previous[uri] = digest
        for page_uri in (uri, f"notebooks/{Path(uri).stem}.ipynb"):
            file = files.get_file_from_path(page_uri)
            if file is not None:
                Path(file.abs_dest_path).unlink(missing_ok=True)


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, in files; one it cannot write is simply not kept."""

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache(directory: Path) -> TemplateCache:
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
    return TemplateCache(str(directory))


class RenderedHTML(str):
    """Stands in for BeautifulSoup in nbconvert's HTML exporter: it selects nothing, and ``str()`` of it
    is the HTML as the templates rendered it."""

    def __new__(cls, markup: str, features: str | None = None):
        return super().__new__(cls, markup)

    def select(self, selector: str) -> list:
        return []


def render_notebooks_unparsed() -> None:
    """nbconvert's HTML exporter parses every page it renders with BeautifulSoup and writes it out again,
    to give its images placeholder alt text and its cells ``tabindex="0"``: two thirds of the time a
    notebook page takes (0.65 of 0.9 s for tensors). The figures get their real alt text, and the cells
    their tabindex, where the page is finished (``finish_notebook_page``), so the exporter skips that
    pass: nbconvert has no setting for it, and this replaces the parser its module uses."""
    from nbconvert.exporters import html

    html.BeautifulSoup = RenderedHTML


def keep_nbconvert_templates_compiled(cache: TemplateCache) -> None:
    """mkdocs-jupyter makes a new nbconvert exporter for each notebook page, and another for its table
    of contents, each with a new Jinja environment that compiles nbconvert's templates again (about
    0.17 s a page): give those environments ``cache`` too. nbconvert has no setting for it, so this
    wraps the method that makes its environment (the original's, again on each build)."""
    from nbconvert.exporters.templateexporter import TemplateExporter

    create = getattr(TemplateExporter._create_environment, "__wrapped__", TemplateExporter._create_environment)

    @functools.wraps(create)
    def create_environment(self):
        environment = create(self)
        environment.bytecode_cache = cache
        return environment

    TemplateExporter._create_environment = create_environment


def on_env(env, config, files):
    """MkDocs makes the theme's Jinja environment afresh for every build, and under ``mkdocs serve``
    for every rebuild, so each compiled Material's templates again (about 0.25 s): keep them compiled.
    A template whose source changes (a theme upgrade, ``overrides/``) is compiled again."""
    env.bytecode_cache = _build.templates
    return env


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        page.meta["search"] = {"exclude": True}  # its lesson page holds the same text and is indexed
        _build.notebook_started = time.monotonic()  # mkdocs-jupyter renders it next (on_page_content)
        return markdown
    where = _line_offset(page, markdown)
    page_name = _page_name(page, config)
    _build.page_name, _build.page_offset = page_name, where
    if "pymdownx.arithmatex" in config.markdown_extensions:
        amounts = dollar_amounts(markdown)
        if amounts:
            line, text = amounts[0]
            message = (
                f"{page_name}:{where + line}: {text!r} would be typeset as maths (a $ then a digit closes "
                "a formula); write a dollar amount as \\$5"
            )
            if not _serving:
                raise PluginError(message)
            log.error(message)
            markdown = _build.blocks.placeholder(_failure_block(message, ""), "") + "\n\n" + markdown
    directives = find_directives(markdown)
    if not directives:
        return markdown
    try:
        snippets, results = _build.results_for(page.file.src_uri, Path(page.file.abs_src_path))
        if [s.name for s in snippets] != [d.path for d in directives]:  # a plugin changed the page
            _build.results.pop(page.file.src_uri)
            snippets, results = _build.results_for(page.file.src_uri, Path(page.file.abs_src_path))
    except SnippetError as error:
        message = f"{page_name}:{where + directives[error.index].line}: {error}"
        if not _serving:
            raise PluginError(message) from None
        log.error(message)
        return _page_with_failure(markdown, directives, error.snippets, error.index, message)
    blocks = []
    for directive, snippet, result in zip(directives, snippets, results, strict=True):
        figures = []
        for figure in result["figures"]:
            path = _generated(FIGURES, figure["svg"], ".svg")
            dark = _generated(FIGURES, figure["svg_dark"], ".svg")
            urls = {"url": get_relative_url(path, page.url), "dark_url": get_relative_url(dark, page.url)}
            figures.append({**figure, **urls})
        block = render(directive, snippet.source, result["stdout"], figures, stderr=result["stderr"])
        blocks.append(_build.blocks.placeholder(block, directive.indent))
    _build.snippet_count += len(snippets)
    markdown = replace_directives(markdown, blocks)
    if "mkdocs-jupyter" not in config.plugins:  # a site without notebook pages links no notebooks
        return markdown
    return _with_notebook_links(markdown, page, config, page_name)


def _notebook_links(lesson: Path, page, config, page_name: str) -> str:
    """ "Download notebook", and "Open in Colab" when ``repo_url`` names a GitHub repository."""
    stem = lesson.stem
    notebook = notebook_path(lesson)
    if not notebook.is_file():
        raise PluginError(f"{page_name}: {notebook} is missing; run `python -m sitebuild.notebooks`")
    download = get_relative_url(f"notebooks/{stem}/{stem}.ipynb", page.url)  # where mkdocs-jupyter copies it
    links = [f'<a class="md-button" href="{download}" download>Download notebook</a>']
    if (config.repo_url or "").startswith("https://github.com/"):
        repository = f"{config.repo_url.rstrip('/')}/blob/{config.extra.get('repo_branch') or 'main'}"
        colab = repository.replace("https://github.com/", "https://colab.research.google.com/github/", 1)
        in_repo = notebook.relative_to(Path(config.config_file_path).resolve().parent).as_posix()
        links.append(f'<a class="md-button" href="{colab}/{in_repo}">Open in Colab</a>')
    return f'<p class="notebook-links">{" ".join(links)}</p>'


def _page_with_failure(markdown: str, directives, snippets, failed: int, message: str) -> str:
    """Under ``mkdocs serve``: each snippet's code, and the error where the failing one stands."""
    blocks = []
    for index, directive in enumerate(directives):
        source = snippets[index].source if index < len(snippets) else ""
        block = render(directive, source, "", [])
        if index == failed:
            block += "\n\n" + _failure_block(message, directive.indent)
        blocks.append(_build.blocks.placeholder(block, directive.indent))
    return replace_directives(markdown, blocks)


def _failure_block(message: str, indent: str) -> str:
    """The error, as a code block titled so that nobody takes it for the snippet's output."""
    fence = fence_for(message)
    lines = [f'{fence} {{ .text .snippet-error title="Build error: this page failed; mkdocs build stops here" }}']
    lines += [*message.split("\n"), fence]
    return "\n".join(indent + line if line else "" for line in lines)


def _missing_include(lines: list[str], error: Exception) -> list[str]:
    """An include (``--8<--``) that cannot be found: fail naming the page and line, or show it under serve."""
    number = missing_include_line(lines, error)
    where = f"{_build.page_name}:{_build.page_offset + number + 1}" if number is not None else _build.page_name
    message = f"{where}: {error}"
    if not _serving or number is None:
        raise PluginError(message)
    log.error(message)
    return lines[:number] + _failure_block(message, "").split("\n") + lines[number + 1 :]


def _with_notebook_links(markdown: str, page, config, page_name: str) -> str:
    """Put the notebook's links under the lesson's title."""
    links = _notebook_links(Path(page.file.abs_src_path), page, config, page_name)
    title, _, rest = markdown.partition("\n")
    return f"{title}\n\n{links}\n{rest}" if title.startswith("# ") else f"{links}\n\n{markdown}"


def _page_name(page, config) -> str:
    """The page's source as error messages name it: ``docs/linear-regression.md``."""
    return f"{Path(config.docs_dir).name}/{page.file.src_uri}"


def _generated(directory: str, text: str, suffix: str) -> str:
    """Record a file the build writes into the site, named by its content; return its site path."""
    path = f"{directory}/{hashlib.sha256(text.encode()).hexdigest()[:20]}{suffix}"
    _build.generated[path] = text
    return path


def _line_offset(page, markdown: str) -> int:
    """Lines of front matter above the Markdown MkDocs hands to the hook."""
    source = Path(page.file.abs_src_path).read_text()
    start = source.find(markdown[:200])
    return source.count("\n", 0, start) if start > 0 else 0


INLINE_STYLE = re.compile(r"<style[^>]*>(?P<css>[^<]{2000,})</style>")


def _shared_stylesheets(output: str, page) -> str:
    """Move the large stylesheets mkdocs-jupyter inlines in every notebook page into shared files.

    The browser then fetches them once for all notebooks, and each page stays light.
    """

    def link(match: re.Match) -> str:
        path = _generated("assets/notebooks", match["css"], ".css")
        return f'<link rel="stylesheet" href="{get_relative_url(path, page.url)}">'

    return INLINE_STYLE.sub(link, output)


def on_page_content(html, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        _build.seconds["notebooks"] += time.monotonic() - _build.notebook_started
    return html


@event_priority(50)  # before the search plugin indexes the page
def _code_out_of_search(context, page, config, nav):
    page.content, _build.code_out_of_search[page.file.src_uri] = without_code(page.content)


@event_priority(-50)  # after it
def _code_back_in_page(context, page, config, nav):
    page.content = with_code(page.content, _build.code_out_of_search.pop(page.file.src_uri))


# The index leaves code blocks out (sitebuild/search_index.py): the search plugin need not read them.
on_page_context = CombinedEvent(_code_out_of_search, _code_back_in_page)


def on_post_page(output, page, config):
    if page.file.src_uri.endswith(".ipynb"):
        output = _shared_stylesheets(output, page)
        output = _finished_notebook_page(output, page, config)
        output = display_maths_out_of_paragraphs(mark_notebook_math(output))
    else:
        output = mark_terms(output, page.url, _build.terms)
    # Glossary terms take keyboard focus, so that their definitions show without a mouse too.
    output = output.replace("<abbr title=", '<abbr tabindex="0" title=')
    started = time.monotonic()
    rendered, errors = _build.katex.render_page(output)
    _build.seconds["maths"] += time.monotonic() - started
    if errors:
        source = Path(page.file.abs_src_path).read_text()
        details = "\n".join(f"  line {_line_of(source, tex)}: {tex!r}: {message}" for tex, message in errors)
        raise PluginError(f"{_page_name(page, config)}: KaTeX cannot render:\n{details}")
    return mathml_only(rendered) if page.file.src_uri.endswith(".ipynb") else rendered


def _finished_notebook_page(output: str, page, config) -> str:
    """The notebook page's figures as the lesson's SVG files, its links and buttons, valid markup."""
    stem = Path(page.file.src_uri).stem
    lesson = Path(config.docs_dir) / f"{stem}.md"
    page_name = _page_name(page, config)
    _, results = _build.results_for(lesson.name, lesson) if lesson.is_file() else ([], [])
    figures = []
    for figure in (figure for result in results for figure in result["figures"]):
        url = get_relative_url(_generated(FIGURES, figure["svg"], ".svg"), page.url)
        figures.append({**figure, "url": url})
    try:
        return finish_notebook_page(output, figures, _notebook_links(lesson, page, config, page_name))
    except ValueError as error:
        raise PluginError(f"{page_name}: {error}") from None


def _line_of(source: str, tex: str) -> str:
    position = source.find(tex.strip())
    return str(source.count("\n", 0, position) + 1) if position >= 0 else "?"


def on_post_build(config):
    shutil.rmtree(_build.notebooks_dir, ignore_errors=True)
    site = Path(config.site_dir)
    for path, text in _build.generated.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text)
    _build.katex.copy_assets(site)
    rewrite_index(site, _build.terms)  # the search plugin has written it by now
    try:
        _build.katex.save(prune=not _dirty)
    except OSError as error:
        log.info("KaTeX cache: cannot write %s (%s); formulas render again next time", _build.katex.cache_file, error)
    pruned = 0 if _dirty else _build.runner.cache.prune()
    executed = _build.runner.executed
    log.info(
        "snippets: %d shown, %d run%s, %d stale cache entries removed",
        _build.snippet_count,
        len(executed),
        f" ({', '.join(executed)})" if executed else "",
        pruned,
    )
    _build.runner.close()
    seconds = _build.seconds
    log.info(
        "timing: snippets %.2f s (the worker's imports %.2f s), maths %.2f s, notebooks %.2f s, total %.2f s",
        seconds["snippets"],
        _build.runner.import_seconds,
        seconds["maths"],
        seconds["notebooks"],
        time.monotonic() - _build.started,
    )
    if _build.page_seconds:
        by_page = sorted(_build.page_seconds.items(), key=lambda item: -item[1])
        log.info("snippets by page: %s", ", ".join(f"{uri} {seconds:.2f} s" for uri, seconds in by_page))
    log.info(
        "maths: %.2f s for the formulas rendered up front, beside the snippets; %d rendered with their pages",
        seconds.get("maths up front", 0.0),
        _build.katex.rendered_with_pages,
    )


def on_build_error(error):
    if _build is not None:
        _build.runner.stop()
        shutil.rmtree(_build.notebooks_dir, ignore_errors=True)
