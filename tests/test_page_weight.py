"""Every lesson page within the light-page targets: DOM nodes and gzip bytes of a first visit.

Measured in headless Chromium as ``sitebuild/page_weight.py`` describes (the benchmark reports the
same numbers, and time to interactive, which depends on the machine and so is never asserted here).
Pages still over a target are marked ``xfail(strict=True)`` with their reason: the test fails as
soon as one of them comes within the target, so that its mark is removed.
"""

from __future__ import annotations

import pytest

from conftest import lesson_pages, page_url
from sitebuild.page_weight import TARGET_GZIP, TARGET_NODES, measure

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Over a target at present, and why (see the README's benchmark section).
OVER_NODES = {}
OVER_GZIP = {
    "feedforward-networks.md": "the search index, figures and HTML on top of what every page fetches",
}


def _marked(over: dict[str, str]) -> list:
    return [
        pytest.param(page, marks=pytest.mark.xfail(strict=True, reason=over[page])) if page in over else page
        for page in lesson_pages()
    ]


@pytest.fixture(scope="module")
def weights(browser, site_url, built_site):
    """Each lesson page's first visit, measured once."""
    return {page: measure(browser, site_url, built_site, page_url(page)) for page in lesson_pages()}


@pytest.mark.parametrize("page", _marked(OVER_NODES))
def test_lesson_page_has_at_most_the_target_dom_nodes(weights, page):
    assert weights[page].nodes <= TARGET_NODES, f"{page}: {weights[page].nodes} DOM nodes"


@pytest.mark.parametrize("page", _marked(OVER_GZIP))
def test_lesson_page_first_visit_fetches_at_most_the_target_gzip_bytes(weights, page):
    weight = weights[page]
    largest = sorted(weight.fetched, key=lambda row: -row[2])[:5]
    details = ", ".join(f"{path} {packed // 1024} KB" for path, _, packed in largest)
    assert weight.gzip <= TARGET_GZIP, f"{page}: {weight.gzip // 1024} KB gzip; largest: {details}"


def test_nothing_is_fetched_off_site(weights):
    assert {page: weight.off_site for page, weight in weights.items() if weight.off_site} == {}
