"""The render step: a Python-Markdown extension that shows each ``exec`` fence's snippet and results.

Configured under ``markdown_extensions`` (options: ``sitebuild.settings.Settings``)::

    markdown_extensions:
      - sitebuild.extension:
          timeout: !ENV [SNIPPETS_TIMEOUT, 120]

It works in any generator that runs Python-Markdown extensions (MkDocs, Zensical) and in a bare
``markdown.Markdown``. Each ``exec`` fence becomes the snippet's code, its Output, its stderr and
its figures, from the cache; a page whose results are not cached runs then (``python -m sitebuild
run`` runs every page first, in parallel). The formulas ``pymdownx.arithmatex`` marks are
rendered with KaTeX (``katex: false`` leaves them to the caller, as the MkDocs plugin does).

The rendered Markdown goes in after ``pymdownx.snippets`` has run (priority 31 < 32), so a
``--8<--`` line a snippet contains or prints is shown, never included. Figures go in as ``<img>``
elements whose ``src`` is relative to the page's source, so the generator links them as it
links any image (MkDocs checks they exist).
"""

from __future__ import annotations

import html
import logging
import secrets
from xml.etree import ElementTree

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from sitebuild.directives import (
    DirectiveError,
    dollar_amounts,
    fence_for,
    find_directives,
    missing_include_line,
    render,
    replace_directives,
)
from sitebuild.engine import Engine, figure_path
from sitebuild.execution import SnippetError
from sitebuild.settings import Settings

try:  # under MkDocs, a build error it reports without a traceback; elsewhere a plain exception
    from mkdocs.exceptions import BuildError as _Failure
except ImportError:  # pragma: no cover - MkDocs is installed here
    _Failure = Exception

log = logging.getLogger("sitebuild")


class BuildFailure(_Failure):
    """A page the engine cannot render: the message names the page and line."""


class SnippetExtension(Extension):
    def __init__(self, **options):
        self.config = Settings.help()
        super().__init__(**options)
        self.settings = Settings.from_options(self.getConfigs())
        self.engine: Engine | None = None  # made on first use, or handed over by the MkDocs plugin
        self.katex = None  # the KaTeX renderer (sitebuild.katex), made on first use
        self.page: str | None = None  # the page being converted, as errors name it (``docs/tensors.md``)
        self.page_name: str | None = None  # its path under the docs directory (``tensors.md``)
        self.line_offset = 0  # lines above the Markdown the generator hands over (front matter)
        self.markdown = ""  # the page's Markdown, as the exec fences saw it (for formulas' lines)
        self.figures: dict[str, tuple[str, list[dict]]] = {}  # placeholder -> (snippet, its figures)
        self.nonce = secrets.token_hex(8)

    def get_engine(self) -> Engine:
        if self.engine is None:
            self.engine = Engine(self.settings)
        return self.engine

    def fail(self, message: str) -> str:
        """Raise, or (``on_error: show``) log the error and return it as a block for the page."""
        if self.settings.on_error == "raise":
            raise BuildFailure(message)
        log.error(message)
        return failure_block(message, "")

    def where(self, line: int | None = None) -> str:
        page = self.page or "a page"
        return f"{page}:{self.line_offset + line}" if line is not None else page

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        md.preprocessors.register(IncludeCheck(md, self), "sitebuild_includes", 32.1)
        md.preprocessors.register(ExecFences(md, self), "sitebuild_exec", 31)
        md.treeprocessors.register(FigureImages(md, self), "sitebuild_figures", 1)
        if self.settings.katex:
            md.postprocessors.register(KatexFormulas(md, self), "sitebuild_katex", 5)

    def reset(self) -> None:
        self.figures.clear()


class IncludeCheck(Preprocessor):
    """An include (``--8<--``) that cannot be found fails naming the page and line.

    ``pymdownx.snippets`` (``check_paths: true``) raises naming only the file; this runs its
    preprocessor first on a copy of the lines, and names the line of the include.
    """

    def __init__(self, md, extension: SnippetExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        if "snippet" not in self.md.preprocessors:  # no pymdownx.snippets: no includes
            return lines
        from pymdownx.snippets import SnippetMissingError

        for _ in range(100):  # under on_error: show, each missing include is replaced by its error
            try:
                self.md.preprocessors["snippet"].run(list(lines))
                return lines
            except SnippetMissingError as error:
                number = missing_include_line(lines, error)
                if number is None:
                    raise BuildFailure(f"{self.extension.where()}: {error}") from None
                block = self.extension.fail(f"{self.extension.where(number + 1)}: {error}")
                lines = lines[:number] + block.split("\n") + lines[number + 1 :]
        return lines


class ExecFences(Preprocessor):
    """Each ``exec`` fence becomes its snippet's code, Output, stderr and figure placeholders."""

    def __init__(self, md, extension: SnippetExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        markdown = "\n".join(lines)
        ext = self.extension
        ext.markdown = markdown
        if "rendering_context" in self.md.preprocessors:  # Zensical says which page this is
            ext.page_name = self.md.preprocessors["rendering_context"].page.path
            ext.page = f"{ext.settings.docs_dir}/{ext.page_name}"
        errors = []
        if "arithmatex-inline" in self.md.inlinePatterns:
            for line, text in dollar_amounts(markdown)[:1]:
                message = (
                    f"{ext.where(line)}: {text!r} would be typeset as maths (a $ then a digit closes "
                    "a formula); write a dollar amount as \\$5"
                )
                errors.append(ext.fail(message))
        try:
            directives = find_directives(markdown)
        except DirectiveError as error:
            return "\n\n".join([*errors, ext.fail(f"{ext.where(error.line)}: {error}"), markdown]).split("\n")
        if directives:
            markdown = replace_directives(markdown, self._blocks(directives))
        return "\n\n".join([*errors, markdown]).split("\n")

    def _blocks(self, directives) -> list[str]:
        ext = self.extension
        try:
            snippets, results = ext.get_engine().results_for(ext.page_name, directives)
        except SnippetError as error:
            block = ext.fail(f"{ext.where(directives[error.index].line)}: {error}")
            sources = [s.source for s in error.snippets] + [""] * len(directives)
            shown = [render(d, sources[i], "", []) for i, d in enumerate(directives)]
            shown[error.index] += "\n\n" + indented(block, directives[error.index].indent)
            return shown
        ext.get_engine().shown += len(results)
        blocks = []
        for directive, snippet, result in zip(directives, snippets, results, strict=True):
            placeholders = []
            if result["figures"]:
                placeholder = f"sitebuildfigures{ext.nonce}n{len(ext.figures)}"
                ext.figures[placeholder] = (snippet.name, result["figures"])
                placeholders.append(placeholder)
            blocks.append(render(directive, snippet.source, result["stdout"], placeholders, result["stderr"]))
        return blocks


class FigureImages(Treeprocessor):
    """Each figure placeholder's paragraph becomes the figure, light and dark (Material shows one),
    each a link to its own SVG file.

    ``src`` is relative to the page's source file, so the generator resolves it as any image.
    """

    def __init__(self, md, extension: SnippetExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: ElementTree.Element) -> None:
        figures = self.extension.figures
        if not figures:
            return
        depth = (self.extension.page_name or "").count("/")
        for paragraph in root.iter("p"):
            name, shown = figures.get((paragraph.text or "").strip(), (None, None))
            if shown is None or len(paragraph):
                continue
            paragraph.text = None
            for figure in shown:
                for svg, scheme, css in ((figure["svg"], "light", ""), (figure["svg_dark"], "dark", "-dark")):
                    file = "../" * depth + figure_path(svg)
                    # A tap or click opens the figure on its own, at its full size, where it zooms.
                    link = ElementTree.SubElement(paragraph, "a", {"class": "snippet-figure-link", "href": file})
                    ElementTree.SubElement(
                        link,
                        "img",
                        {
                            "class": f"snippet-figure{css}",
                            "data-snippet": name,
                            "src": f"{file}#only-{scheme}",
                            "alt": figure["alt"],
                            "width": str(figure["width"]),
                            "height": str(figure["height"]),
                            "loading": "lazy",
                        },
                    )


class KatexFormulas(Postprocessor):
    """Every formula ``pymdownx.arithmatex`` marked, as KaTeX's HTML and MathML."""

    def __init__(self, md, extension: SnippetExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        from sitebuild.katex import KatexRenderer, failure_message

        ext = self.extension
        if ext.katex is None:
            ext.katex = KatexRenderer(ext.settings.root_path, ext.settings.cache_path)
        before = len(ext.katex.cache)
        rendered, errors = ext.katex.render_page(text)
        if errors:
            message = failure_message(ext.where(), errors, ext.markdown, ext.line_offset + 1)
            if ext.settings.on_error == "raise":
                raise BuildFailure(message)
            log.error(message)
            return failure_html(message) + text
        if len(ext.katex.cache) != before:
            ext.katex.save(prune=False)
        return rendered


def failure_block(message: str, indent: str) -> str:
    """The error, as a code block titled so that nobody takes it for the snippet's output."""
    fence = fence_for(message)
    lines = [f'{fence} {{ .text .snippet-error title="Build error: this page failed; mkdocs build stops here" }}']
    lines += [*message.split("\n"), fence]
    return indented("\n".join(lines), indent)


def failure_html(message: str) -> str:
    """The error as HTML, at the top of a page whose maths failed (``on_error: show``)."""
    return f'<pre class="snippet-error" title="Build error">{html.escape(message)}</pre>'


def indented(block: str, indent: str) -> str:
    return "\n".join(indent + line if line else "" for line in block.split("\n"))


def makeExtension(**options) -> SnippetExtension:  # noqa: N802 (Python-Markdown's name)
    return SnippetExtension(**options)
