"""A first visit on a phone: what the page waits for before it paints, and that nothing shifts.

The four figures under a throttled mid-range phone (first and largest contentful paint, total
blocking time, layout shift) are times on the machine that runs them: ``bench/build.py`` reports
them beside their targets (``bench/page_weight.py`` measures them). These tests hold the
mechanisms behind them, which do not depend on the machine's speed.
"""

from __future__ import annotations

import gzip
import urllib.request

import pytest
from views import acted, in_view

from bench.page_weight import blocking_time, measure_phone, serve_gzip
from conftest import lesson_pages

pytestmark = pytest.mark.browser

# The site's stylesheets each page fetches: (file name, whether it blocked the first paint).
_STYLESHEETS = """() => performance.getEntriesByType("resource")
    .filter((entry) => entry.name.endsWith(".css"))
    .map((entry) => [entry.name.split("/").pop(), entry.renderBlockingStatus === "blocking"])"""


@in_view(("desktop", "light"))  # the view that waits for the network to go quiet
def stylesheets(tab, page, site):
    return dict(tab.evaluate(_STYLESHEETS))


@pytest.mark.parametrize("page", ["index.md", "tensors.md", "notebooks/tensors.ipynb"])
def test_print_stylesheet_does_not_block_the_first_paint(layout, page):
    fetched = acted(layout(page, "desktop", "light"), stylesheets)
    assert fetched["print.css"] is False  # fetched (for printing), but not waited for
    assert fetched["snippets.css"] is True  # the measure can tell: the screen's stylesheet blocks


@pytest.mark.parametrize("page", lesson_pages())
def test_lesson_page_does_not_fetch_the_notebook_stylesheet(layout, page):
    assert "notebooks.css" not in acted(layout(page, "desktop", "light"), stylesheets)


@pytest.mark.parametrize("page", ["notebooks/tensors.ipynb"])
def test_notebook_page_fetches_the_notebook_stylesheet(layout, page):
    assert "notebooks.css" in acted(layout(page, "desktop", "light"), stylesheets)


def test_print_stylesheet_still_applies_on_paper(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(site_url + "tensors/", wait_until="load")
        header = "getComputedStyle(document.querySelector('.md-header')).display"
        assert tab.evaluate(header) != "none"
        tab.emulate_media(media="print")
        assert tab.evaluate(header) == "none"
    finally:
        context.close()


def test_lesson_page_does_not_shift_as_it_loads(browser, built_site):
    with serve_gzip(built_site) as base:
        speed = measure_phone(browser, base, "tensors/", throttle=False)
    assert speed.fcp_ms > 0
    assert speed.cls == 0


def test_gzip_server_sends_the_files_compressed(built_site):
    with serve_gzip(built_site) as base:
        request = urllib.request.Request(base + "tensors/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            body = gzip.decompress(response.read())
        with urllib.request.urlopen(base + "tensors/") as response:  # a client that does not accept gzip
            assert response.headers["Content-Encoding"] is None
            assert response.read() == body
    assert body == (built_site / "tensors" / "index.html").read_bytes()


def test_blocking_time_counts_each_long_task_beyond_50_ms_after_first_paint():
    # (start, duration) in ms; first contentful paint at 1,000 ms
    tasks = [(100, 300), (900, 250), (2_000, 120), (3_000, 40)]
    # before FCP: nothing; across FCP: 150 ms after it, 100 beyond 50; after: 70 beyond 50; short: 0
    assert blocking_time(tasks, 1_000) == 170
