"""MkDocs hooks: run the lessons' snippets and render the maths when the site builds.

Also puts the notebook links under each lesson's title, and tidies the notebook pages that
mkdocs-jupyter renders (figure alt texts, shared stylesheets, KaTeX for their formulas).

Registered in mkdocs.yml under ``hooks:``. Settings come from the environment, so that
mkdocs.yml stays plain:

- ``SNIPPETS_RERUN=1``   ignore the caches: run every snippet and execute every notebook again;
- ``SNIPPETS_TIMEOUT``   seconds one snippet may run (default 120);
- ``SITE_CACHE_DIR``     where results are cached (default ``.cache`` beside mkdocs.yml).
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import shutil
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads this file by path

from sitebuild.directives import find_directives, render, replace_directives
from sitebuild.execution import SnippetError, SnippetRunner
from sitebuild.katex import KatexRenderer, MathError, mark_notebook_math
from sitebuild.notebooks import notebook_path
from sitebuild.search_index import mark_terms, rewrite_index

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
        self.figure_titles: dict[str, list[str]] = {}  # lesson -> its figures' alt texts, in page order
        self.snippet_count = 0
        self.terms: list[dict] = []  # definition-list terms, each its own search result


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
    _build = Build(config)
    notebooks = config.plugins.get("mkdocs-jupyter")
    if notebooks is not None:  # its executed notebooks are cached beside ours, and re-run with them
        notebooks.config["cache_dir"] = str(_build.cache_dir / "mkdocs-jupyter")
        if _build.runner.rerun:
            shutil.rmtree(notebooks.config["cache_dir"], ignore_errors=True)


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        page.meta["search"] = {"exclude": True}  # its lesson page holds the same text and is indexed
        return markdown
    directives = find_directives(markdown)
    if not directives:
        return markdown
    where = _line_offset(page, markdown)
    page_name = _page_name(page, config)
    snippets = []
    for directive in directives:
        try:
            snippets.append(_build.runner.load(directive.path))
        except SnippetError as error:
            raise PluginError(f"{page_name}:{where + directive.line}: {error}") from None
    try:
        results = _build.runner.run(snippets)
    except SnippetError as error:
        line = where + directives[error.index].line
        raise PluginError(f"{page_name}:{line}: {error}") from None
    blocks = []
    _build.figure_titles[Path(page.file.src_uri).stem] = [f["alt"] for r in results for f in r["figures"]]
    for directive, snippet, result in zip(directives, snippets, results, strict=True):
        figures = []
        for figure in result["figures"]:
            path = _generated(FIGURES, figure["svg"], ".svg")
            dark = _generated(FIGURES, figure["svg_dark"], ".svg")
            urls = {"url": get_relative_url(path, page.url), "dark_url": get_relative_url(dark, page.url)}
            figures.append({**figure, **urls})
        blocks.append(render(directive, snippet.source, result["stdout"], figures))
    _build.snippet_count += len(snippets)
    markdown = replace_directives(markdown, blocks)
    return _with_notebook_links(markdown, page, config, page_name) if config.repo_url else markdown


def _with_notebook_links(markdown: str, page, config, page_name: str) -> str:
    """Put "Download notebook" and "Open in Colab" under the lesson's title (Colab needs ``repo_url``)."""
    stem = Path(page.file.src_uri).stem
    notebook = notebook_path(Path(page.file.abs_src_path))
    if not notebook.is_file():
        raise PluginError(f"{page_name}: {notebook} is missing; run `python -m sitebuild.notebooks`")
    repository = f"{config.repo_url.rstrip('/')}/blob/{config.extra.get('repo_branch', 'main')}"
    colab = repository.replace("https://github.com/", "https://colab.research.google.com/github/", 1)
    in_repo = notebook.relative_to(Path(config.config_file_path).resolve().parent).as_posix()
    download = get_relative_url(f"notebooks/{stem}/{stem}.ipynb", page.url)  # where mkdocs-jupyter copies it
    links = (
        f'<p class="notebook-links"><a class="md-button" href="{download}" download>Download notebook</a> '
        f'<a class="md-button" href="{colab}/{in_repo}">Open in Colab</a></p>'
    )
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


NBCONVERT_ALT = 'alt="No description has been provided for this image"'
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
        output = _with_figure_titles(output, page, config)
        # Code cells scroll sideways; like Material's code blocks, they must take keyboard focus to do so.
        output = output.replace('<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb')
        output = mark_notebook_math(output)
    else:
        output = mark_terms(output, page.url, _build.terms)
    # Glossary terms take keyboard focus, so that their definitions show without a mouse too.
    output = output.replace("<abbr title=", '<abbr tabindex="0" title=')
    rendered, errors = _build.katex.render_page(output)
    if errors:
        source = Path(page.file.abs_src_path).read_text()
        details = "\n".join(f"  line {_line_of(source, tex)}: {tex!r}: {message}" for tex, message in errors)
        raise PluginError(f"{_page_name(page, config)}: KaTeX cannot render:\n{details}")
    return rendered


def _with_figure_titles(output: str, page, config) -> str:
    """Give the notebook's figures the alt texts of the same figures on the lesson page."""
    titles = _build.figure_titles.get(Path(page.file.src_uri).stem, [])
    found = output.count(NBCONVERT_ALT)
    if found != len(titles):
        raise PluginError(f"{_page_name(page, config)}: shows {found} figures, its lesson page {len(titles)}")
    for title in titles:
        output = output.replace(NBCONVERT_ALT, f'alt="{html.escape(title)}"', 1)
    return output


def _line_of(source: str, tex: str) -> str:
    position = source.find(tex.strip())
    return str(source.count("\n", 0, position) + 1) if position >= 0 else "?"


def on_post_build(config):
    site = Path(config.site_dir)
    for path, text in _build.generated.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text)
    _build.katex.copy_assets(site)
    rewrite_index(site, _build.terms)  # the search plugin has written it by now
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
