"""A reader's way through the site, on a phone too: the nav numbers the lessons and their parts as the course is
taught, with each page's own title; Next never leads into the notebook copies; "Carried over from" names a part
as the nav does; at 390x844 a table wider than the column shows that it scrolls, the home page's number column
stays narrow, and no copy button covers code.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from views import acted, in_view

from conftest import all_pages, lesson_pages, page_url

TOP_LEVEL = [
    "Home",
    "1. Why PyTorch",
    "2. Tensors",
    "3. Gradients",
    "4. Linear regression",
    "5. Logistic regression",
    "6. Feed-forward networks",
    "Glossary",
    "Notation",
    "Notebooks",
]
PARTS = {
    "3. Gradients": ["gradients.md", "gradient-descent.md", "backpropagation.md"],
    "5. Logistic regression": ["logistic-regression.md", "cross-entropy.md", "classifying-digits.md"],
    "6. Feed-forward networks": ["feedforward-networks.md", "network-design.md"],
}
LONGEST_TITLE = 28  # characters: one line in a phone's nav drawer


def _html(built_site, page: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / page_url(page) / "index.html").read_text(), "html.parser")


def _items(nav_list) -> list[tuple[str, str | None, object]]:
    """(title, href, li) of each item of a nav list: a section has no link of its own."""
    items = []
    for li in nav_list.find_all("li", recursive=False):
        title = li.find(class_="md-ellipsis").get_text(" ", strip=True)
        link = li.find("a", class_="md-nav__link")
        nested = "md-nav__item--nested" in li["class"]
        items.append((title, None if nested else link["href"], li))
    return items


def _primary(soup):
    return soup.select_one("nav.md-nav--primary > ul.md-nav__list")


def _nav(built_site) -> dict[str, str]:
    """Every Markdown page's nav title, by page, read from the page's own nav (where its section is open)."""
    titles = {}
    for page in [p for p in all_pages() if p.endswith(".md")]:
        for title, _, li in _items(_primary(_html(built_site, page))):
            if "md-nav__item--active" not in li["class"]:
                continue
            if "md-nav__item--nested" in li["class"]:
                inner = li.select_one("nav.md-nav > ul.md-nav__list")
                title = next(t for t, _, child in _items(inner) if "md-nav__item--active" in child["class"])
            titles[page] = title
    return titles


def test_the_nav_numbers_the_lessons_and_their_parts_with_each_page_s_own_title(built_site):
    top = _items(_primary(_html(built_site, "index.md")))
    assert [title for title, _, _ in top] == TOP_LEVEL
    for section, pages in PARTS.items():
        number = section.split(".")[0]
        for part, page in enumerate(pages, start=1):
            (li,) = [li for title, _, li in _items(_primary(_html(built_site, page))) if title == section]
            inner = _items(li.select_one("nav.md-nav > ul.md-nav__list"))
            here = "http://site/" + page_url(page)
            assert [urljoin(here, href) for _, href, _ in inner] == ["http://site/" + page_url(p) for p in pages]
            assert inner[part - 1][0].startswith(f"{number}.{part} ")
    titles = _nav(built_site)
    for page, title in titles.items():
        if page == "index.md":
            continue
        h1 = " ".join(_html(built_site, page).select_one("article h1").get_text().split()).removesuffix("¶").strip()
        assert title == h1, f"docs/{page}: nav title {title!r}, page title {h1!r}"
        assert len(title) <= LONGEST_TITLE, f"docs/{page}: nav title {title!r} is long for a phone's drawer"
    single = {p: t for p, t in titles.items() if p in lesson_pages() and not any(p in v for v in PARTS.values())}
    assert all(re.match(r"\d\. ", t) for t in single.values()), single


def test_next_never_leads_into_the_notebook_copies(built_site):
    pages = [p for p in all_pages() if p.endswith(".md")]
    nexts = {}
    for page in pages:
        footer = _html(built_site, page).select_one("nav.md-footer__inner")
        if footer is None or footer.has_attr("hidden"):
            continue
        link = footer.select_one("a.md-footer__link--next")
        if link is not None:
            nexts[page] = link["href"]
    assert not {p: h for p, h in nexts.items() if "notebooks/" in h}
    assert nexts["network-design.md"] == "../glossary/"  # the last lesson still leads on, to the glossary
    assert nexts["glossary.md"] == "../notation/"


def test_carried_over_names_an_earlier_part_as_the_nav_does(built_site):
    titles = _nav(built_site)
    carried = 0
    for section, pages in PARTS.items():
        for at, page in enumerate(pages):
            earlier = [titles[p] for p in pages[:at]]
            soup = _html(built_site, page)
            for summary in soup.select("article details > summary"):
                text = summary.get_text(" ", strip=True)
                if text.lower().startswith("carried over"):
                    carried += 1
                    assert text.removeprefix("Carried over from ") in earlier, f"docs/{page}: {text!r}"
            for mention in re.findall(r"carried\s+over\s+from\s+(part\s+\d+|[\d.]+)", soup.article.get_text(" ")):
                assert mention.startswith(section.split(".")[0] + "."), f"docs/{page}: carried over from {mention!r}"
    assert carried == 4


# --- At 390x844 in Chromium -------------------------------------------------------------------------------------

TABLES = """() => Array.from(document.querySelectorAll("article .md-typeset__scrollwrap")).map(wrap => {
    const style = getComputedStyle(wrap), table = wrap.querySelector("table");
    const first = table.querySelector("tr > :first-child").getBoundingClientRect().width;
    return {
        scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth, header: table.rows[0].textContent.trim(),
        backgroundImage: style.backgroundImage, backgroundAttachment: style.backgroundAttachment,
        overflowX: style.overflowX, tableBackground: getComputedStyle(table).backgroundColor,
        firstColumn: first / table.getBoundingClientRect().width,
    };
})"""

# Each copy button's box against the box of every piece of text in its code block and in the block's title.
COVERED = """() => {
    const boxes = node => {
        const found = [], walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(text);
            found.push(...Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0));
        }
        return found;
    };
    const buttons = Array.from(document.querySelectorAll(".highlight pre > .md-code__nav"));
    return {shown: buttons.length, covering: buttons.filter(nav => nav.getClientRects().length).flatMap(nav => {
        const b = nav.getBoundingClientRect(), block = nav.closest(".highlight");
        const title = block.querySelector(":scope > .filename");
        return [...boxes(nav.parentElement.querySelector("code")), ...(title ? boxes(title) : [])]
            .filter(r => r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top)
            .slice(0, 1).map(() => block.dataset.snippet + (title ? ` (${title.textContent})` : ""));
    })};
}"""


@in_view(("phone", "light"), ("phone", "dark"))
def tables(tab, page, site):
    return tab.evaluate(TABLES) if page.endswith(".md") else None


@in_view(("phone", "light"))
def copy_buttons(tab, page, site):
    if page not in lesson_pages():
        return None
    tab.wait_for_selector(".snippet-code pre > .md-code__nav", state="attached")
    return tab.evaluate(COVERED)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", [p for p in all_pages() if p.endswith(".md")])
def test_a_table_wider_than_the_column_on_a_phone_shows_that_it_continues(layout, page, scheme):
    found = acted(layout(page, "phone", scheme), tables)
    for table in found:
        if table["scrollWidth"] > table["clientWidth"]:
            cue = (
                table["overflowX"] in ("auto", "scroll")
                and table["backgroundImage"].count("gradient") >= 4
                and "local" in table["backgroundAttachment"]
                and table["tableBackground"] == "rgba(0, 0, 0, 0)"  # the shadow shows through the table
            )
            assert cue, f"docs/{page}: the table {table['header']!r} scrolls with no cue"
    if page == "index.md":
        (path,) = [t for t in found if "What you will learn" in t["header"]]
        assert path["firstColumn"] <= 0.2, f"the learning path's number column takes {path['firstColumn']:.0%}"


@pytest.mark.browser
@pytest.mark.parametrize("page", lesson_pages())
def test_no_copy_button_covers_code_on_a_phone(layout, page):
    found = acted(layout(page, "phone", "light"), copy_buttons)
    assert found["shown"] > 0
    assert found["covering"] == [], f"docs/{page}: a copy button covers text in {found['covering']}"
