"""Publishing: the site built as the GitHub Pages workflow builds it, with its address and repository set.

One build (``published_site``) with ``SITE_URL``, ``SITE_REPO_URL`` and ``SITE_REPO_BRANCH`` set: its
canonical links, sitemap and 404 page use the address, every page links the repository, the lessons
and notebook pages have their Colab buttons, and the notebooks link to the published lessons. The
workflow itself cannot run here: its structure is checked against the README's targets. And the
home page: the reader's how-to first, then how to build the site, its commands within the column.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from test_notebooks import LESSONS, assert_colab_links, dead_links

from bench.browser import serve
from conftest import ROOT, all_pages, page_url
from sitebuild.notebooks import notebook_site_url

pytestmark = pytest.mark.xdist_group("published")  # one build of the published site, on one worker

SITE_URL = "https://example-owner.github.io/example-lessons/"
REPOSITORY = "https://github.com/example-owner/example-lessons"
BRANCH = "trunk"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def published_site(tmp_path_factory, cpu_env) -> Path:
    """The site built with the three variables the workflow sets (no offline copy: test_offline has it)."""
    site = tmp_path_factory.mktemp("published") / "site"
    env = {**cpu_env, "SITE_URL": SITE_URL, "SITE_REPO_URL": REPOSITORY, "SITE_REPO_BRANCH": BRANCH}
    env["NO_MKDOCS_2_WARNING"] = "1"  # so that the error, not the banner, is the end of stderr
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    result = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def _pages(site: Path) -> list[Path]:
    """Every HTML page of the built site: each page of docs/ and the 404 page."""
    pages = [site / page_url(page) / "index.html" for page in all_pages()]
    assert all(page.is_file() for page in pages)
    return [*pages, site / "404.html"]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(), "html.parser")


@pytest.mark.slow
def test_canonical_links_and_the_sitemap_use_the_sites_address(published_site):
    for page in all_pages():
        canonical = _soup(published_site / page_url(page) / "index.html").select_one('link[rel="canonical"]')
        assert canonical["href"] == SITE_URL + page_url(page), page
    sitemap = (published_site / "sitemap.xml").read_text()
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert sorted(locations) == sorted(SITE_URL + page_url(page) for page in all_pages())
    assert "127.0.0.1" not in sitemap


@pytest.mark.slow
def test_every_page_links_the_source_on_github(published_site):
    for page in _pages(published_site):
        soup = _soup(page)
        assert soup.select_one(".md-header a.md-source")["href"] == REPOSITORY, page
        assert {a["href"] for a in soup.select("a.md-source")} == {REPOSITORY}, page  # the drawer's one too


@pytest.mark.slow
@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_lessons_and_notebook_pages_open_the_notebook_in_colab_on_the_branch(published_site, page):
    for html in (published_site / page_url(page.name) / "index.html", published_site / "notebooks" / page.stem):
        html = html / "index.html" if html.is_dir() else html
        assert_colab_links(_soup(html), page, REPOSITORY, BRANCH)


@pytest.mark.slow
@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_the_served_notebook_links_the_published_lessons(published_site, page):
    served = json.loads((published_site / "notebooks" / page.stem / f"{page.stem}.ipynb").read_text())
    text = "".join("".join(cell["source"]) for cell in served["cells"] if cell["cell_type"] == "markdown")
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    assert notebook_site_url() not in text
    lessons = [target for target in targets if target.startswith(SITE_URL)]
    assert lessons, f"{page.stem}: no link to another lesson"
    for target in lessons:
        path, _, _fragment = target.removeprefix(SITE_URL).partition("#")
        assert (published_site / path / "index.html").is_file(), target
    # and its page links them within the site, as the other pages do
    notebook_page = published_site / "notebooks" / page.stem / "index.html"
    assert dead_links(notebook_page) == []
    content = [a["href"] for a in _soup(notebook_page).select(".jp-Notebook a[href]")]
    assert not [href for href in content if href.startswith(SITE_URL)]


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site under ``/example-lessons/`` and answers a missing page with 404.html, as GitHub Pages does."""

    prefix = urlsplit(SITE_URL).path

    def log_message(self, format, *args):
        pass

    def send_head(self):
        if not self.path.startswith(self.prefix):
            self.send_error(404)
            return None
        self.path = "/" + self.path.removeprefix(self.prefix)
        if Path(self.translate_path(self.path)).exists():
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.mark.slow
@pytest.mark.browser
def test_the_404_page_is_styled_and_works_under_the_sites_sub_path(published_site, browser):
    with serve(published_site, _SubPathHandler) as root:
        base = root.rstrip("/") + _SubPathHandler.prefix
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        tab = context.new_page()
        failed = []
        tab.on("response", lambda r: r.status >= 400 and r.url.startswith(base) and failed.append(r.url))
        tab.on("requestfailed", lambda r: failed.append(r.url))
        response = tab.goto(f"{base}no/such/page/", wait_until="load")
        assert response.status == 404
        assert failed == [f"{base}no/such/page/"]  # the page itself, and nothing it loads
        assert tab.locator("h1", has_text="404").count() == 1
        # Material's stylesheet applies (the header is sticky), and its home link leads home
        assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        tab.locator("a.md-header__button.md-logo").click()
        tab.wait_for_load_state("load")
        assert tab.url == base
        assert tab.title().startswith("PyTorch from First Principles")
        context.close()


def _workflow() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def _steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def _uses(steps: list[dict]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps if "uses" in step]


def test_the_workflow_builds_with_the_readmes_target_and_publishes_to_pages():
    workflow = _workflow()
    assert set(workflow["on"]) >= {"push", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = _steps(workflow, "build")
    assert _uses(build)[:3] == ["actions/checkout", "actions/setup-python", "actions/setup-node"]
    assert build[1]["with"]["python-version"] == "3.11"
    assert "actions/configure-pages" in _uses(build)
    runs = [step["run"] for step in build if "run" in step]
    # the same target the README names for the site, with the offline copy
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    targets = [target for run in runs for target in re.findall(r"^\s*make (\w+)\s*$", run, re.M)]
    assert targets == ["build"]
    assert "`make build`" in readme
    assert re.search(r"^build: ", makefile, re.M)
    # its environment: the address from the Pages setup, the repository and branch from the run's context
    (make_step,) = [step for step in build if "make build" in step.get("run", "")]
    assert make_step["env"] == {
        "SITE_URL": "${{ steps.pages.outputs.base_url }}/",
        "SITE_REPO_URL": "${{ github.server_url }}/${{ github.repository }}",
        "SITE_REPO_BRANCH": "${{ github.ref_name }}",
    }
    # what it builds is uploaded and deployed with GitHub's Pages actions
    upload = build[-1]
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert _uses(deploy["steps"]) == ["actions/deploy-pages"]


def test_the_workflow_installs_cpu_torch_at_the_pinned_version_before_make():
    build = _steps(_workflow(), "build")
    pin = re.search(r"^torch==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)[1]
    runs = [step.get("run", "") for step in build]
    torch_step = next(i for i, run in enumerate(runs) if "download.pytorch.org/whl/cpu" in run)
    assert f"torch=={pin} " in runs[torch_step]
    assert ".venv/bin/pip install" in runs[torch_step]
    assert torch_step < next(i for i, run in enumerate(runs) if "make build" in run)


def test_the_workflow_keeps_the_snippet_cache_keyed_by_the_pinned_packages():
    build = _steps(_workflow(), "build")
    (cache,) = [step for step in build if step.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == ".cache"  # SITE_CACHE_DIR's default
    pins = "hashFiles('requirements.txt', 'package-lock.json')"
    assert pins in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    assert cache["with"]["key"] != cache["with"]["restore-keys"]  # each run saves what it ran


def test_maintaining_says_how_to_publish():
    text = (ROOT / "MAINTAINING.md").read_text()
    section = text.split("\n## Publishing\n", 1)[1].split("\n## ", 1)[0]
    for needed in (".github/workflows/pages.yml", "SITE_URL", "SITE_REPO_URL", "SITE_REPO_BRANCH", "make build"):
        assert needed in section, needed
    assert "static" in section  # how to publish elsewhere


def _section(markdown: str, heading: str) -> str:
    return markdown.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_home_page_gives_the_readers_how_to_first_and_building_its_own_section():
    home = (ROOT / "docs" / "index.md").read_text()
    headings = re.findall(r"^## (.+)$", home, re.M)
    assert headings.index("How to use this site") + 1 == headings.index("Build and test it yourself")
    how_to = _section(home, "How to use this site")
    for reader in ("**Read**", "**Copy**", "**Run the notebooks.**", "torch.set_num_threads(1)"):
        assert reader in how_to, reader
    for builder in ("make", "Node.js", "Debian", "```"):
        assert builder not in how_to, builder
    build = _section(home, "Build and test it yourself")
    assert "make serve" in build
    assert "make test" in build


@pytest.mark.browser
@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_the_home_pages_commands_fit_the_column(site_url, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    tab = context.new_page()
    tab.goto(site_url, wait_until="load")
    blocks = tab.locator("#build-and-test-it-yourself ~ div pre > code")
    assert blocks.count() == 1
    overflow = blocks.evaluate_all("codes => codes.map(c => c.scrollWidth - c.clientWidth)")
    context.close()
    assert overflow == [0]
