"""Every lesson page within the light-page targets: DOM nodes and gzip bytes of a first visit.

Measured in headless Chromium as ``bench/page_weight.py`` describes (the benchmark reports the
same numbers, and time to interactive, which depends on the machine and so is never asserted here).
"""

from __future__ import annotations

import pytest

from bench.page_weight import TARGET_GZIP, TARGET_NODES, measure
from conftest import lesson_pages, page_url

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("page-weight")]  # one measure of all pages


@pytest.fixture(scope="module")
def weights(browser, site_url, built_site):
    """Each lesson page's first visit, measured once."""
    return {page: measure(browser, site_url, built_site, page_url(page)) for page in lesson_pages()}


@pytest.mark.parametrize("page", lesson_pages())
def test_lesson_page_has_at_most_the_target_dom_nodes(weights, page):
    assert weights[page].nodes <= TARGET_NODES, f"{page}: {weights[page].nodes} DOM nodes"


@pytest.mark.parametrize("page", lesson_pages())
def test_lesson_page_first_visit_fetches_at_most_the_target_gzip_bytes(weights, page):
    weight = weights[page]
    largest = sorted(weight.fetched, key=lambda row: -row[2])[:5]
    details = ", ".join(f"{path} {packed // 1024} KB" for path, _, packed in largest)
    assert weight.gzip <= TARGET_GZIP, f"{page}: {weight.gzip // 1024} KB gzip; largest: {details}"


def test_nothing_is_fetched_off_site(weights):
    assert {page: weight.off_site for page, weight in weights.items() if weight.off_site} == {}
