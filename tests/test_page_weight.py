"""Every lesson page within the light-page targets: DOM nodes and gzip bytes of a first visit.

Measured in headless Chromium as ``bench/page_weight.py`` describes (the benchmark reports the
same numbers, and time to interactive, which depends on the machine and so is never asserted here),
in the first view the browser tests open of each page (``layout``: on a desktop, in light).
"""

from __future__ import annotations

import pytest

from bench.page_weight import TARGET_GZIP, TARGET_NODES
from conftest import lesson_pages

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page", lesson_pages())
def test_lesson_page_has_at_most_the_target_dom_nodes(layout, page):
    weight = layout(page, "desktop", "light")["weight"]
    assert weight.nodes <= TARGET_NODES, f"{page}: {weight.nodes} DOM nodes"


@pytest.mark.parametrize("page", lesson_pages())
def test_lesson_page_first_visit_fetches_at_most_the_target_gzip_bytes(layout, page):
    weight = layout(page, "desktop", "light")["weight"]
    largest = sorted(weight.fetched, key=lambda row: -row[2])[:5]
    details = ", ".join(f"{path} {packed // 1024} KB" for path, _, packed in largest)
    assert weight.gzip <= TARGET_GZIP, f"{page}: {weight.gzip // 1024} KB gzip; largest: {details}"


@pytest.mark.parametrize("page", lesson_pages())
def test_nothing_is_fetched_off_site(layout, page):
    assert layout(page, "desktop", "light")["weight"].off_site == 0
