"""The MkDocs plugin (``plugins: [sitebuild]``): wires the three steps into ``mkdocs build`` and ``serve``.

- *Run*: before any page renders (``on_files``), every page's snippets run (``Engine.run_all``),
  the pages with cache misses in parallel, while KaTeX renders the site's formulas in one batch.
- *Render*: the ``sitebuild.extension`` entry of ``markdown_extensions`` renders each page; the
  plugin hands it the engine and the page's name, and under ``mkdocs serve`` has it show errors
  in the page instead of stopping. The formulas render here, after the search plugin has read
  the page's TeX (``on_post_page``).
- *Finish*: ``sitebuild.finish`` once the site is written (``on_post_build``).

It also keeps the notebook pages mkdocs-jupyter renders: each shows (and serves for download)
its notebook with the build's own outputs, finished by ``sitebuild.notebook_pages``.
MkDocs keeps a plugin with ``on_startup`` for the whole ``mkdocs serve`` session, so the warm
snippet worker and what the last build showed live here, not in module globals.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from sitebuild import offline
from sitebuild.engine import Engine, figure_path, make_runner
from sitebuild.execution import SnippetError
from sitebuild.extension import SnippetExtension, failure_html
from sitebuild.finish import finish_site
from sitebuild.focus import focusable_terms
from sitebuild.katex import KatexRenderer, MathError, failure_message, mark_notebook_math
from sitebuild.lessons import REPRODUCIBLE_ENV
from sitebuild.light_pages import drop_blank_text, slim_code
from sitebuild.notebook_pages import (
    display_maths_out_of_paragraphs,
    finish_notebook_page,
    glossary,
    with_glossary_terms,
)
from sitebuild.notebooks import notebook_path, serialize, with_outputs, with_site_url
from sitebuild.search_index import mark_terms, with_code, without_code
from sitebuild.settings import SettingsError

log = logging.getLogger("mkdocs.plugins.sitebuild")
EXTENSION = "sitebuild.extension"
INLINE_STYLE = re.compile(r"<style[^>]*>(?P<css>[^<]{2000,})</style>")


class SitebuildPlugin(BasePlugin):
    def on_startup(self, command, dirty):
        self.serving, self.dirty = command == "serve", dirty
        self.shown: dict[str, str] = {}  # page -> a hash of what its snippets gave, in the last build
        self.engine: Engine | None = None
        self.runner = None  # kept for the whole session under serve: its worker stays warm

    def on_config(self, config):
        # The snippet worker and the notebook kernels inherit this environment: one thread each keeps
        # results identical from build to build; without MPLBACKEND the kernels show their figures.
        os.environ.update(REPRODUCIBLE_ENV)
        os.environ.pop("MPLBACKEND", None)
        if EXTENSION not in config.markdown_extensions:
            raise PluginError(f"the sitebuild plugin needs {EXTENSION} under markdown_extensions")
        options = dict(config.mdx_configs.pop(EXTENSION, None) or {})
        options.setdefault("root", str(Path(config.config_file_path).resolve().parent))
        options.setdefault("docs_dir", str(Path(config.docs_dir).resolve()))
        options.update(katex=False, on_error="show" if self.serving else "raise")  # maths: on_post_page
        try:
            self.extension = SnippetExtension(**options)
        except SettingsError as error:
            raise PluginError(str(error)) from None
        index = config.markdown_extensions.index(EXTENSION)
        config.markdown_extensions[index] = self.extension  # one instance: it holds the engine
        settings = self.extension.settings
        if self.runner is None or self.runner_settings != settings:  # first build, or mkdocs.yml changed
            if self.runner is not None:
                self.runner.stop()
            self.runner, self.runner_settings = make_runner(settings, warm=self.serving), settings
        self.runner.new_build()
        self.engine = self.extension.engine = Engine(settings, self.runner)
        try:
            self.katex = KatexRenderer(settings.root_path, settings.cache_path)
        except MathError as error:
            raise PluginError(str(error)) from None
        self.started = time.monotonic()
        self.seconds = {"maths": 0.0, "notebooks": 0.0}  # this build's time on formulas and notebook pages
        self.terms: list[dict] = []  # glossary terms, each its own search result
        self.glossary = _glossary(config)  # the terms the notebook pages mark, as the lessons do
        self.stylesheets: dict[str, str] = {}  # site path -> the notebook pages' shared CSS
        self.code_out_of_search: dict[str, dict[str, str]] = {}
        # The notebooks with the build's outputs, which mkdocs-jupyter renders (and caches by content).
        self.notebooks_dir = settings.cache_path / "notebooks-with-outputs"
        notebooks = config.plugins.get("mkdocs-jupyter")
        if notebooks is not None and notebooks.config["execute"]:
            raise PluginError("mkdocs-jupyter must not execute notebooks: the build's own results are their outputs")
        return offline.on_config(config)

    def on_files(self, files, config):
        pages = [f for f in files.documentation_pages() if f.src_uri.endswith((".md", ".ipynb"))]
        maths = threading.Thread(target=self._prerender_maths, args=([Path(f.abs_src_path) for f in pages],))
        maths.start()
        try:
            sources = {f.src_uri: Path(f.abs_src_path) for f in pages if f.src_uri.endswith(".md")}
            lessons = {uri: text for uri, text in self.engine.lesson_pages().items() if uri in sources}
            ordered = {uri: lessons[uri] for uri in sources if uri in lessons}
            self.engine.run_all(ordered, stop_at_failure=not self.serving)
        except SettingsError as error:
            raise PluginError(str(error)) from None
        finally:
            waiting = time.monotonic()
            maths.join()  # it rendered beside the snippets: only the wait for it is the build's time
            self.seconds["maths"] += time.monotonic() - waiting
        for path in sorted(self.engine.figures):
            if files.get_file_from_path(path) is None:
                files.append(File(path, config.docs_dir, config.site_dir, config.use_directory_urls))
        if self.dirty:
            self._outdate_pages_with_new_results(files)
        return offline.on_files(files, config)

    def _prerender_maths(self, sources: list[Path]) -> None:
        try:
            self.katex.prerender(sources)
            self.katex.subset_fonts()
        except Exception as error:  # the pages render them again, and report it
            log.debug("formulas not rendered up front: %s", error)

    def _outdate_pages_with_new_results(self, files) -> None:
        """Under ``--dirty`` MkDocs rebuilds only pages whose Markdown is newer than their HTML; a page
        whose snippets gave new results is out of date too, and so is its notebook page."""
        for uri, outcome in self.engine.results.items():
            shown = str(outcome) if isinstance(outcome, SnippetError) else json.dumps(outcome, sort_keys=True)
            digest = hashlib.sha256(shown.encode()).hexdigest()
            if self.shown.get(uri) == digest:
                continue
            self.shown[uri] = digest
            for page_uri in (uri, f"notebooks/{Path(uri).stem}.ipynb"):
                file = files.get_file_from_path(page_uri)
                if file is not None:
                    Path(file.abs_dest_path).unlink(missing_ok=True)

    @event_priority(100)  # before mkdocs-jupyter reads the notebook
    def on_pre_page(self, page, config, files):
        """A notebook page shows, and serves for download, its notebook with the build's outputs."""
        self.page_started = time.monotonic()
        notebook = Path(page.file.abs_src_path)
        lesson = Path(config.docs_dir) / f"{notebook.stem}.md"
        if not page.file.src_uri.endswith(".ipynb") or not lesson.is_file():
            return page
        try:
            results = self._lesson_results(lesson)
            shown = with_outputs(with_site_url(json.loads(notebook.read_text()), config.site_url), results)
        except (SnippetError, ValueError) as error:
            message = f"{page_name(page, config)}: {error}"
            if isinstance(error, ValueError):
                message += "; run `python -m sitebuild.notebooks`"
            if not self.serving:
                raise PluginError(message) from None
            log.error(message)  # the notebook page is served without outputs; its lesson shows the error
            return page
        # One folder per site_url, whose links the notebook holds: builds for two addresses can run at once.
        # mkdocs-jupyter includes notebooks/*.ipynb.
        site = hashlib.sha256(str(config.site_url).encode()).hexdigest()[:16]
        written = self.notebooks_dir / site / "notebooks" / notebook.name
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_text(serialize(shown))
        page.file.abs_src_path = str(written)
        return page

    def _lesson_results(self, lesson: Path) -> list[dict]:
        from sitebuild.directives import find_directives

        _, results = self.engine.results_for(lesson.name, find_directives(lesson.read_text()))
        return results

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri.endswith(".ipynb"):
            page.meta["search"] = {"exclude": True}  # its lesson page holds the same text and is indexed
            return markdown
        self.extension.page = page_name(page, config)
        self.extension.page_name = page.file.src_uri
        self.extension.line_offset = _line_offset(page, markdown)
        markdown = offline.on_page_markdown(markdown, page, config)
        if "mkdocs-jupyter" not in config.plugins or not self.engine.snippets.get(page.file.src_uri):
            return markdown
        links = self._notebook_links(Path(page.file.abs_src_path), page, config)
        title, _, rest = markdown.partition("\n")
        return f"{title}\n\n{links}\n{rest}" if title.startswith("# ") else f"{links}\n\n{markdown}"

    def _notebook_links(self, lesson: Path, page, config) -> str:
        """ "Download notebook", and "Open in Colab" when ``repo_url`` names a GitHub repository."""
        stem = lesson.stem
        notebook = notebook_path(lesson)
        if not notebook.is_file():
            raise PluginError(f"{page_name(page, config)}: {notebook} is missing; run `python -m sitebuild.notebooks`")
        # mkdocs-jupyter copies the notebook beside its page: notebooks/<stem>/index.html, or notebooks/<stem>.html.
        folder = f"notebooks/{stem}" if config.use_directory_urls else "notebooks"
        download = get_relative_url(f"{folder}/{stem}.ipynb", page.url)
        links = [f'<a class="md-button" href="{download}" download>Download notebook</a>']
        if (config.repo_url or "").startswith("https://github.com/"):
            repository = f"{config.repo_url.rstrip('/')}/blob/{config.extra.get('repo_branch') or 'main'}"
            colab = repository.replace("https://github.com/", "https://colab.research.google.com/github/", 1)
            in_repo = notebook.relative_to(Path(config.config_file_path).resolve().parent).as_posix()
            links.append(f'<a class="md-button" href="{colab}/{in_repo}">Open in Colab</a>')
        return f'<p class="notebook-links">{" ".join(links)}</p>'

    @event_priority(50)  # before the search plugin indexes the page: it need not read the code
    def _code_out_of_search(self, context, page, config, nav):
        page.content, self.code_out_of_search[page.file.src_uri] = without_code(page.content)

    @event_priority(-50)  # after it
    def _code_back_in_page(self, context, page, config, nav):
        page.content = with_code(page.content, self.code_out_of_search.pop(page.file.src_uri))

    on_page_context = CombinedEvent(_code_out_of_search, _code_back_in_page)

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri.endswith(".ipynb"):  # mkdocs-jupyter rendered it since on_pre_page
            self.seconds["notebooks"] += time.monotonic() - self.page_started
        return html

    def on_post_page(self, output, page, config):
        notebook, started = page.file.src_uri.endswith(".ipynb"), time.monotonic()
        if notebook:
            output = INLINE_STYLE.sub(lambda match: self._shared_stylesheet(match["css"], page), output)
            output = self._finished_notebook_page(output, page, config)
            output = with_glossary_terms(mark_notebook_math(output), self.glossary)
            output = display_maths_out_of_paragraphs(output)
        else:
            output = mark_terms(output, page.url, self.terms)
        # Glossary terms take keyboard focus, so that their definitions show without a mouse too.
        output = focusable_terms(output)
        maths = time.monotonic()
        rendered, errors = self.katex.render_page(output)
        self.seconds["maths"] += time.monotonic() - maths
        if errors:
            message = failure_message(page_name(page, config), errors, Path(page.file.abs_src_path).read_text())
            if not self.serving:
                raise PluginError(message)
            log.error(message)
            rendered = output.replace("<article", failure_html(message) + "<article", 1)
        if notebook:  # finishing it, before its maths
            self.seconds["notebooks"] += maths - started
        return drop_blank_text(slim_code(rendered))

    def _shared_stylesheet(self, css: str, page) -> str:
        """The large stylesheets mkdocs-jupyter inlines in every notebook page, as one shared file."""
        path = f"assets/notebooks/{hashlib.sha256(css.encode()).hexdigest()[:20]}.css"
        self.stylesheets[path] = css
        return f'<link rel="stylesheet" href="{get_relative_url(path, page.url)}">'

    def _finished_notebook_page(self, output: str, page, config) -> str:
        """The notebook page's figures as the lesson's SVG files, its links and buttons, valid markup."""
        lesson = Path(config.docs_dir) / f"{Path(page.file.src_uri).stem}.md"
        try:
            results = self._lesson_results(lesson) if lesson.is_file() else []
        except SnippetError:
            results = []  # under serve only (on_pre_page stops a build): its lesson page shows the error
        figures = [
            {**figure, "url": get_relative_url(figure_path(figure["svg"]), page.url)}
            for result in results
            for figure in result["figures"]
        ]
        try:
            links = self._notebook_links(lesson, page, config)
            return finish_notebook_page(output, figures, links, config.site_url or "", lambda p: _link(p, page, config))
        except ValueError as error:
            raise PluginError(f"{page_name(page, config)}: {error}") from None

    def on_pre_build(self, config):
        """Under ``--dirty`` mkdocs-jupyter renders only the notebooks that changed, then deletes
        every page it cached and did not use this time: keep a hard link of each, put back after."""
        self.kept_notebook_pages = []
        notebooks = config.plugins.get("mkdocs-jupyter")
        if not self.dirty or notebooks is None or not notebooks.config["cache"]:
            return
        cache = Path(notebooks.config["cache_dir"])
        kept = cache / "kept"
        shutil.rmtree(kept, ignore_errors=True)
        for page in cache.glob("*.json"):
            kept.mkdir(exist_ok=True)
            os.link(page, kept / page.name)
            self.kept_notebook_pages.append(page)

    @event_priority(-100)  # after mkdocs-jupyter's own on_post_build
    def on_post_build(self, config):
        for page in self.kept_notebook_pages:
            if not page.exists():
                os.replace(page.parent / "kept" / page.name, page)
        site = Path(config.site_dir)
        for path, text in self.stylesheets.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(text)
        finish_site(site, self.katex, self.terms)
        try:
            self.katex.save(prune=not self.dirty)
        except OSError as error:
            log.info("KaTeX cache: cannot write %s (%s); formulas render again next time", self.katex.cache_file, error)
        pruned = 0 if self.dirty else self.engine.runner.cache.prune()
        if not self.dirty:
            self.engine.prune_figures()
        self._report(pruned)
        self.engine.runner.close()

    def _report(self, pruned: int) -> None:
        engine = self.engine
        executed = engine.runner.executed
        shown = engine.shown
        ran = f" ({', '.join(executed[:8])}{', ...' if len(executed) > 8 else ''})" if executed else ""
        log.info("snippets: %d shown, %d run%s, %d stale cache entries removed", shown, len(executed), ran, pruned)
        log.info(
            "timing: snippets %.2f s (the worker's imports %.2f s), maths %.2f s, notebooks %.2f s, total %.2f s",
            engine.seconds,
            engine.runner.import_seconds,
            self.seconds["maths"],
            self.seconds["notebooks"],
            time.monotonic() - self.started,
        )
        if engine.page_seconds:
            by_page = sorted(engine.page_seconds.items(), key=lambda item: -item[1])
            log.info("snippets by page: %s", ", ".join(f"{uri} {seconds:.2f} s" for uri, seconds in by_page))
        slowest = engine.slowest()
        if slowest:
            log.info("slowest to run: %s", ", ".join(f"{name} {seconds:.2f} s" for name, seconds in slowest))

    def on_build_error(self, error):
        if self.runner is not None and not self.serving:
            self.runner.stop()

    def on_shutdown(self):
        if self.runner is not None:
            self.runner.stop()


def _glossary(config) -> dict[str, str]:
    """The terms the lesson pages mark: the abbreviations of the files pymdownx.snippets appends to them."""
    files = config.mdx_configs.get("pymdownx.snippets", {}).get("auto_append", [])
    root = Path(config.config_file_path).parent
    return {term: title for name in files for term, title in glossary((root / name).read_text()).items()}


def page_name(page, config) -> str:
    """The page's source as error messages name it: ``docs/linear-regression.md``."""
    return f"{Path(config.docs_dir).name}/{page.file.src_uri}"


def _link(path: str, page, config) -> str:
    """The link from ``page`` to the site's page at ``path`` in directory form (``tensors/``, ``""``)."""
    if not config.use_directory_urls:
        path = (path or "index/").removesuffix("/") + ".html"
    return get_relative_url(path or "./", page.url)


def _line_offset(page, markdown: str) -> int:
    """Lines of front matter above the Markdown MkDocs hands over."""
    source = Path(page.file.abs_src_path).read_text()
    start = source.find(markdown[:200])
    return source.count("\n", 0, start) if start > 0 else 0
