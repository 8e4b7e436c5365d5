"""MkDocs hooks: run the lessons' snippets and render the maths when the site builds.

Also puts the notebook links under each lesson's title, gives each notebook page the build's own
results as its outputs (mkdocs-jupyter renders it, executing nothing), and finishes the notebook
pages (figure files, shared stylesheets, KaTeX for their formulas, valid markup).

Registered in mkdocs.yml under ``hooks:``. Settings come from the environment, so that
mkdocs.yml stays plain:

- ``SNIPPETS_RERUN=1``   ignore the caches: run every snippet again;
- ``SNIPPETS_TIMEOUT``   seconds one snippet may run (default 120);
- ``SITE_CACHE_DIR``     where results are cached (default ``.cache`` beside mkdocs.yml).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads this file by path

from sitebuild.directives import find_directives, render, replace_directives
from sitebuild.execution import SnippetError, SnippetRunner
from sitebuild.katex import KatexRenderer, MathError, mark_notebook_math
from sitebuild.notebook_pages import display_maths_out_of_paragraphs, finish_notebook_page, mathml_only
from sitebuild.notebooks import notebook_path, serialize, with_outputs

log = logging.getLogger("mkdocs.hooks.sitebuild")
ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
FIGURES = "assets/figures"


class Build:
    """What one build needs: the snippet runner, the maths renderer and the figures made."""

    def __init__(self, config):
        root = Path(config.config_file_path).resolve().parent
        self.cache_dir = cache_dir = Path(os.environ.get("SITE_CACHE_DIR", root / ".cache")).resolve()
        self.runner = SnippetRunner(
            root=root,
            cache_dir=cache_dir,
            timeout=float(os.environ.get("SNIPPETS_TIMEOUT", "120")),
            rerun=os.environ.get("SNIPPETS_RERUN", "") not in ("", "0"),
        )
        try:
            self.katex = KatexRenderer(root, cache_dir)
        except MathError as error:
            raise PluginError(str(error)) from error
        self.generated: dict[str, str] = {}  # site path -> text: figures, notebook stylesheets
        self.snippet_count = 0
        self.results: dict[str, list[dict]] = {}  # page name -> its snippets' results, in page order
        self.notebooks_dir = Path(tempfile.mkdtemp(prefix="site-notebooks-"))  # notebooks with outputs

    def results_for(self, page_name: str, markdown: str, where: int = 0) -> list[dict]:
        """The results of the snippets of the page ``page_name`` (``docs/tensors.md``), run once a build.

        ``markdown`` is the page's Markdown, ``where`` the lines above it in its file (for errors).
        """
        if page_name not in self.results:
            directives = find_directives(markdown)
            snippets = []
            for directive in directives:
                try:
                    snippets.append(self.runner.load(directive.path))
                except SnippetError as error:
                    raise PluginError(f"{page_name}:{where + directive.line}: {error}") from None
            try:
                self.results[page_name] = self.runner.run(snippets)
            except SnippetError as error:
                line = where + directives[error.index].line
                raise PluginError(f"{page_name}:{line}: {error}") from None
            self.snippet_count += len(snippets)
        return self.results[page_name]


_build: Build | None = None
_dirty = False


def on_startup(command, dirty):
    global _dirty
    _dirty = dirty


def on_config(config):
    global _build
    # The snippet worker and the notebook kernels inherit this environment. One thread each keeps
    # results identical from build to build and stops numpy and scikit-learn crowding the CPUs;
    # without MPLBACKEND the kernels use Jupyter's inline backend and show their figures.
    for variable in ONE_THREAD:
        os.environ[variable] = "1"
    os.environ.pop("MPLBACKEND", None)
    if _build is not None:
        _build.runner.close()
        shutil.rmtree(_build.notebooks_dir, ignore_errors=True)
    _build = Build(config)
    notebooks = config.plugins.get("mkdocs-jupyter")
    if notebooks is not None:  # it renders the notebooks with our outputs; it never runs a kernel
        if notebooks.config["execute"]:
            raise PluginError("mkdocs-jupyter must not execute notebooks: the build's own results are their outputs")
        notebooks.config["cache_dir"] = str(_build.cache_dir / "mkdocs-jupyter")
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
    lesson_name = f"{Path(config.docs_dir).name}/{lesson.name}"
    results = _build.results_for(lesson_name, lesson.read_text())
    try:
        shown = with_outputs(json.loads(notebook.read_text()), results)
    except ValueError as error:
        raise PluginError(f"{_page_name(page, config)}: {error}; run `python -m sitebuild.notebooks`") from None
    written = _build.notebooks_dir / "notebooks" / notebook.name  # mkdocs-jupyter includes notebooks/*.ipynb
    written.parent.mkdir(exist_ok=True)
    written.write_text(serialize(shown))
    page.file.abs_src_path = str(written)
    return page


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        page.meta["search"] = {"exclude": True}  # its lesson page holds the same text and is indexed
        return markdown
    directives = find_directives(markdown)
    if not directives:
        return markdown
    page_name = _page_name(page, config)
    results = _build.results_for(page_name, markdown, _line_offset(page, markdown))
    snippets = [_build.runner.load(directive.path) for directive in directives]
    blocks = []
    for directive, snippet, result in zip(directives, snippets, results, strict=True):
        figures = []
        for figure in result["figures"]:
            path = _generated(FIGURES, figure["svg"], ".svg")
            figures.append({**figure, "url": get_relative_url(path, page.url)})
        blocks.append(render(directive, snippet.source, result["stdout"], figures))
    markdown = replace_directives(markdown, blocks)
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


def on_post_page(output, page, config):
    if page.file.src_uri.endswith(".ipynb"):
        output = _shared_stylesheets(output, page)
        output = _finished_notebook_page(output, page, config)
        output = display_maths_out_of_paragraphs(mark_notebook_math(output))
    rendered, errors = _build.katex.render_page(output)
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
    results = _build.results.get(f"{Path(config.docs_dir).name}/{lesson.name}", [])
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
    _build.katex.save(prune=not _dirty)
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


def on_build_error(error):
    if _build is not None:
        _build.runner.close()
        shutil.rmtree(_build.notebooks_dir, ignore_errors=True)
