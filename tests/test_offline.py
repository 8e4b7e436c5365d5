"""The offline copy: the zip the built site ships, unpacked and opened from disk (file://) in Chromium.

A reader downloads it from the home page, unpacks it and opens index.html: navigation between
pages, search, maths and figures must all work with no server and no network.
Needs Debian's ``chromium``; skips without it, unless ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import broken_images
from sitebuild.offline import FOLDER, ZIP, write_zip

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("offline")]


@pytest.fixture(scope="module")
def offline_copy(built_site, tmp_path_factory) -> Path:
    """The zip from the built site, unpacked; its folder."""
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built_site / ZIP) as archive:
        archive.extractall(target)
    return target / FOLDER


@pytest.fixture(scope="module")
def tab(offline_copy, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.errors = []
    page.requests = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto((offline_copy / "index.html").as_uri(), wait_until="load")
    yield page
    context.close()


def test_the_home_page_links_the_zip_and_the_zip_is_a_site(built_site):
    home = (built_site / "index.html").read_text()
    assert ZIP in home
    with zipfile.ZipFile(built_site / ZIP) as archive:
        names = archive.namelist()
    assert f"{FOLDER}/index.html" in names
    assert f"{FOLDER}/gradients.html" in names  # pages as files, not folders
    assert f"{FOLDER}/search/search_index.js" in names  # the index search reads from disk
    assert names == sorted(names)


def test_the_zip_is_the_same_bytes_for_the_same_files(tmp_path):
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text("<p>home</p>")
    (tmp_path / "site" / "a" / "page.html").write_text("<p>page</p>")
    write_zip(tmp_path / "site", tmp_path / "first.zip")
    os.utime(tmp_path / "site" / "index.html", (0, 0))  # a different file time changes nothing
    write_zip(tmp_path / "site", tmp_path / "second.zip")
    digests = {hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in ("first.zip", "second.zip")}
    assert len(digests) == 1


def test_navigation_from_disk_reaches_a_lesson_with_its_maths_and_figures(tab, offline_copy):
    assert tab.url.startswith("file://")
    tab.locator(".md-nav--primary a", has_text="Gradients").first.click()
    tab.wait_for_load_state("load")
    assert tab.url == (offline_copy / "gradients.html").as_uri()
    assert tab.locator(".arithmatex .katex").count() > 0
    assert tab.locator(".katex-error").count() == 0
    loaded = tab.evaluate("Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)")
    assert "KaTeX_Main" in loaded
    # Every figure loads from disk.
    assert tab.locator("img.snippet-figure").count() > 0
    assert broken_images(tab, "img.snippet-figure") == []
    # And on to the lesson's next part through the footer, as a reader would.
    tab.locator("a.md-footer__link--next").click()
    tab.wait_for_load_state("load")
    assert tab.url == (offline_copy / "gradient-descent.html").as_uri()


def _pages(offline_copy: Path) -> list[Path]:
    return sorted(offline_copy.rglob("*.html"))


def test_every_link_and_download_of_every_page_works_from_disk(offline_copy, browser):
    """Each page opened from file://; every link the browser resolves to a file:// address (after
    Material's scripts ran) must name a file, not a folder (no server shows its index.html), and a
    heading or other element that exists there (once its scripts ran too)."""
    pages = _pages(offline_copy)
    assert len(pages) >= 24
    assert not (offline_copy / "404.html").exists()  # for a web server only
    context = browser.new_context()
    tab = context.new_page()
    links: dict[str, str] = {}  # link -> the first page it is on
    ids: dict[str, set[str]] = {}  # page -> the ids in it
    for page in pages:
        tab.goto(page.as_uri(), wait_until="load")
        found = tab.evaluate(
            # Leaving out the number Material's script puts on a code annotation, which opens its note in place.
            """() => ({links: Array.from(document.querySelectorAll('a[href]:not(.md-annotation__index)'), a => a.href),
                       ids: Array.from(document.querySelectorAll('[id]'), e => e.id)})"""
        )
        ids[page.as_uri()] = set(found["ids"])
        for href in found["links"]:
            if href.startswith("file://"):
                links.setdefault(href, page.relative_to(offline_copy).as_posix())
    context.close()
    dead = []
    for href, on in sorted(links.items()):
        address, _, fragment = href.partition("#")
        if not Path(unquote(urlsplit(address).path)).is_file():
            dead.append(f"{href} (on {on}): no such file")
        elif fragment and address in ids and unquote(fragment) not in ids[address]:
            dead.append(f"{href} (on {on}): no such heading")
    assert dead == []
    downloads = {href for href in links if href.endswith(".ipynb")}
    assert len(downloads) == len(list((offline_copy / "notebooks").glob("*.ipynb"))) == 11


def test_a_notebook_pages_links_and_download_button_work_from_disk(offline_copy, browser):
    context = browser.new_context(accept_downloads=True)
    tab = context.new_page()
    notebook = offline_copy / "notebooks" / "tensors.html"
    tab.goto(notebook.as_uri(), wait_until="load")
    # From file:// Chromium ignores the download attribute (each file is its own origin): the button
    # opens the notebook itself, which the reader can save.
    tab.locator(".notebook-links a[download]").click()
    tab.wait_for_load_state("load")
    assert tab.url == (offline_copy / "notebooks" / "tensors.ipynb").as_uri()
    assert json.loads(tab.evaluate("document.body.innerText"))["cells"]
    # a link to another lesson, inside the notebook, opens that lesson's page in the copy
    tab.goto(notebook.as_uri(), wait_until="load")
    tab.locator(".jp-Notebook a[href*='gradients.html#']").first.click()
    tab.wait_for_load_state("load")
    assert tab.url.startswith((offline_copy / "gradients.html").as_uri() + "#")
    assert tab.locator("h1").count() == 1
    context.close()


def test_search_works_from_disk(tab):
    tab.locator(".md-search__input").click()
    tab.locator(".md-search__input").press_sequentially("gradient descent", delay=50)
    results = tab.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    assert results.count() > 0
    results.first.locator("a").first.click()
    tab.wait_for_load_state("load")
    assert tab.url.startswith("file://")


def test_nothing_failed_or_left_the_disk(tab):
    assert tab.errors == []
    assert [url for url in tab.requests if not url.startswith(("file://", "data:", "about:"))] == []
