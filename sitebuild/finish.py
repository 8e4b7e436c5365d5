"""The finish step: what needs the whole built site, after any generator has written it.

KaTeX's stylesheet and fonts (cut down to the formulas' characters) go into the site, and the
search index is made to read well (``sitebuild.search_index``). The MkDocs plugin calls
``finish_site`` from ``on_post_build``; for another generator, ``python -m sitebuild finish site/``.
"""

from __future__ import annotations

from pathlib import Path

from sitebuild.katex import KatexRenderer
from sitebuild.search_index import INDEX, rewrite_index


def finish_site(site: Path, katex: KatexRenderer, terms: list[dict]) -> None:
    katex.copy_assets(site)
    if (site / INDEX).is_file():  # MkDocs' search plugin's index
        rewrite_index(site, terms)
