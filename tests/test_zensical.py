"""The lesson pages also build with Zensical, Material's successor, and show what MkDocs shows.

Zensical ignores MkDocs plugins and hooks but runs the Markdown extensions of ``mkdocs.yml``, so the
engine's extension renders every ``exec`` fence and formula there too. Its three steps, as the README
gives them: ``python -m sitebuild run``, ``zensical build``, ``python -m sitebuild finish site/``.
The notebook pages are MkDocs-only (mkdocs-jupyter is a plugin).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import DOCS, ROOT, lesson_pages, page_url

COPIED = ("docs", "snippets", "includes", "overrides", "mkdocs.yml")


def _zensical() -> str:
    found = shutil.which("zensical", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("zensical is not installed: it is in requirements.txt (make setup)", pytrace=False)
    return found


@pytest.fixture(scope="module")
def zensical_site(built_site, tmp_path_factory, cpu_env) -> Path:
    """The project built with Zensical, from a copy, with the cache the MkDocs build filled."""
    project = tmp_path_factory.mktemp("zensical")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("figures"))
        else:
            shutil.copy2(source, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    env = {**cpu_env, "SITE_CACHE_DIR": str(ROOT / ".cache"), "NO_MKDOCS_2_WARNING": "1"}
    steps = [
        [sys.executable, "-m", "sitebuild", "run"],
        [_zensical(), "build", "--strict"],
        [sys.executable, "-m", "sitebuild", "finish", "site"],
    ]
    for step in steps:
        result = subprocess.run(step, cwd=project, capture_output=True, text=True, env=env, timeout=600, check=False)
        assert result.returncode == 0, f"{' '.join(step[-3:])} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    return project / "site"


def _article(site: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / page_url(page) / "index.html").read_text(), "html.parser")
    article = soup.select_one("article")
    assert article is not None, f"{page}: no article in {site}"
    return article


def _shown(site: Path, page: str) -> dict[str, list[str]]:
    article = _article(site, page)
    figures = []
    for image in article.select("img.snippet-figure, img.snippet-figure-dark"):
        file = (site / page_url(page) / image["src"].split("#")[0]).resolve()
        figures.append(f"{image['alt']}|{image['src'].split('#')[1]}|{file.read_text()}")
    return {
        "code": [block.get_text() for block in article.select(".snippet-code code")],
        "output": [block.get_text() for block in article.select(".snippet-output code")],
        "stderr": [block.get_text() for block in article.select(".snippet-stderr code")],
        "figures": figures,
        "maths": [tex.get_text() for tex in article.select(".katex-mathml annotation")],
    }


@pytest.mark.slow
@pytest.mark.parametrize("page", lesson_pages())
def test_zensical_shows_the_same_code_output_figures_and_maths(page, zensical_site, built_site):
    zensical, mkdocs = _shown(zensical_site, page), _shown(built_site, page)
    assert mkdocs["code"], f"{page}: no code found in the MkDocs build"
    assert mkdocs["output"], f"{page}: no Output found in the MkDocs build"
    for part in ("code", "output", "stderr", "figures", "maths"):
        assert zensical[part] == mkdocs[part], f"{page}: the {part} differs between Zensical and MkDocs"
    article = _article(zensical_site, page)
    assert "exec=" not in article.get_text()
    assert not [maths for maths in article.select(".arithmatex") if not maths.select(".katex")], "raw TeX left"


def test_zensical_gets_the_katex_assets_from_the_finish_step(zensical_site):
    assert (zensical_site / "assets" / "katex" / "katex.min.css").is_file()
    assert list((zensical_site / "assets" / "katex" / "fonts").glob("*.woff2"))


def test_every_lesson_page_is_compared():
    assert len(lesson_pages()) == len([p for p in DOCS.glob("*.md") if "exec=" in p.read_text()]) >= 11
