"""The built site in headless Chromium: no errors, nothing fetched off-site, maths rendered, copy works, accessible,
readable on a desktop and a phone, in light and dark, and on paper.

Needs Debian's ``chromium`` (``apt-get install -y chromium``), driven by Playwright. Without it these
tests skip, unless ``REQUIRE_BROWSER=1`` (set by .ci/run), where they fail.
Screenshots go to ``test-results/screenshots/``: every page on a desktop in light and dark, and every lesson
on a phone too. Each page is opened once at each size and colour scheme (``layout``, tests/views.py): the
checks that read it look at what was measured there, and the checks that act on it (keyboard, copy, print,
a tap) run there too, one after another (``in_view``), since opening a page costs about a second.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_figures import PHONE_TEXT_PX, text_sizes
from test_glossary import ABBREVIATIONS
from views import SCHEMES, SCREENSHOTS, VIEWPORTS, acted, in_view

from conftest import SNIPPETS, all_pages, lesson_pages, page_url

pytestmark = pytest.mark.browser  # a page's views are all opened on one worker: see conftest.py


@pytest.mark.parametrize("page", ["tensors.md"])
def test_a_pages_browser_tests_share_one_worker(request, page):
    """Under pytest-xdist (``--dist loadgroup``, in pyproject.toml) each page's browser tests are one group
    (conftest.py), so that each view of the page is opened once.

    pytest 9.2 with pytest-xdist 3.8 drops a group without a word (pytest-dev/pytest-xdist#1386): each
    worker would then open the same views again.
    """
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by pytest-xdist with --dist loadgroup")
    assert request.node.nodeid.endswith("@page-tensors.md")


@pytest.mark.parametrize("page", all_pages())
def test_page_loads_without_errors_or_off_site_requests(layout, site_url, page):
    loaded = layout(page, "desktop", "light")["loaded"]  # once the network is quiet and every figure shown
    assert loaded["ok"]
    assert loaded["errors"] == []
    local = urlsplit(site_url).netloc
    requests = [urlsplit(u) for u in loaded["requests"]]
    off_site = [u.geturl() for u in requests if u.scheme in ("http", "https") and u.netloc != local]
    assert off_site == []
    assert loaded["broken images"] == []


@pytest.mark.parametrize("page", all_pages())
def test_every_formula_is_rendered(layout, page):
    formulas = layout(page, "desktop", "light")["rendering"]
    assert formulas["unrendered"] == 0
    assert formulas["errors"] == 0
    assert not re.search(r"\\\(|\\\[|\$\$|(?<!\\)\$[^$\s][^$]*\$", formulas["text"])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", all_pages())
def test_no_serious_accessibility_violations(layout, page, scheme):
    violations = layout(page, "desktop", scheme)["violations"]
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {v['where']}" for v in serious)


@in_view(("desktop", "light"))
def notebook_cells(tab, page, site):
    if not page.startswith("notebooks/"):
        return None
    return tab.evaluate(
        """() => Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputArea pre")).map(pre => ({
            scrolls: pre.scrollWidth > pre.clientWidth + 1, first: pre.textContent.split("\\n")[0].slice(0, 60),
        }))"""
    )


@pytest.mark.parametrize("page", [f"notebooks/{Path(page).stem}.ipynb" for page in lesson_pages()])
def test_notebook_code_cells_fit_on_a_desktop(layout, page):
    """The lessons' code is written within 79 columns: on a 1280-px desktop no notebook cell scrolls sideways."""
    cells = acted(layout(page, "desktop", "light"), notebook_cells)
    assert len(cells) > 3, f"docs/{page}: no code cells found"
    assert [cell["first"] for cell in cells if cell["scrolls"]] == [], f"docs/{page}: code cells scroll sideways"


# --- Reading on every screen: a desktop and a phone, light and dark -----------------------------

SMALLEST_FIGURE_SCALE = 0.6  # a figure shown smaller than this on a phone has illegible text


def _fail(problems: list[str], what: str) -> None:
    if problems:
        pytest.fail(f"{len(problems)} {what}:\n" + "\n".join(problems), pytrace=False)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page", lesson_pages())
def test_screenshots_of_each_lesson(layout, page, viewport, scheme):
    """Written to test-results/screenshots/<lesson>-<viewport>-<scheme>.jpg, for a person to look at."""
    layout(page, viewport, scheme)
    name = page_url(page).strip("/")
    assert (SCREENSHOTS / f"{name}-{viewport}-{scheme}.jpg").stat().st_size > 0


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page", lesson_pages())
def test_no_code_or_output_block_scrolls_sideways_on_a_desktop(layout, page, scheme):
    problems = [
        f"docs/{page}: snippets/{b['snippet']} ({b['kind']}): line {b['longest']['line']} has "
        f"{b['longest']['length']} characters; the block scrolls by {b['scrollWidth'] - b['clientWidth']} px"
        for b in layout(page, "desktop", scheme)["blocks"]
        if b["scrollWidth"] > b["clientWidth"]
    ]
    _fail(problems, "code and Output blocks scroll sideways at 1280x800")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page", lesson_pages())
def test_a_formula_wider_than_the_column_shows_that_it_continues(layout, page, viewport, scheme):
    """It scrolls, with its scrollbar and a shadow at each edge it continues past; KaTeX's MathML stays."""
    measured = layout(page, viewport, scheme)
    problems = []
    for formula in measured["formulas"]:
        where = f"docs/{page}: formula {formula['tex']!r}"
        if formula["scrollWidth"] > formula["clientWidth"]:
            cue = (
                formula["overflowX"] in ("auto", "scroll")
                and formula["backgroundImage"].count("gradient") >= 4
                and "local" in formula["backgroundAttachment"]
                and formula["scrollbarWidth"] != "none"
            )
            if not cue:
                problems.append(f"{where}: {formula['scrollWidth']} px wide in {formula['clientWidth']} px, no cue")
        tops = sorted({line["top"] for line in formula["lines"]})
        last = [line["text"] for line in formula["lines"] if line["top"] == tops[-1]] if tops else []
        if len(tops) > 1 and re.fullmatch(r"[\s.,;:]*", "".join(last)):
            problems.append(f"{where}: its punctuation {''.join(last)!r} wraps onto a line of its own")
    if measured["mathml"] != measured["katex"]:
        problems.append(f"docs/{page}: {measured['katex']} formulas, {measured['mathml']} with MathML")
    _fail(problems, f"formulas are hard to read at {viewport}")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page", lesson_pages())
def test_no_figure_is_shown_below_60_percent_of_its_size_on_a_phone(layout, page, scheme):
    problems = [
        f"docs/{page}: snippets/{f['snippet']}: figure {f['alt']!r} shown {f['shown']:.0f} of {f['natural']} px wide "
        f"({f['shown'] / f['natural']:.0%})"
        for f in layout(page, "phone", scheme)["figures"]
        if f["visible"] and f["shown"] < SMALLEST_FIGURE_SCALE * f["natural"]
    ]
    _fail(problems, f"figures are shown below {SMALLEST_FIGURE_SCALE:.0%} of their size at 390x844")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page", lesson_pages())
def test_every_figure_text_is_at_least_11_px_on_a_phone(layout, built_site, page, scheme):
    """A figure is shown at (its width on the page / its natural width) of its size: text of s pt
    in its SVG is s x 4/3 x that scale CSS px on the screen."""
    problems = []
    for figure in layout(page, "phone", scheme)["figures"]:
        if not figure["visible"]:
            continue
        svg = (built_site / urlsplit(figure["src"]).path.lstrip("/")).read_text()
        text, points = min(text_sizes(svg), key=lambda sized: sized[1])
        shown = points * 4 / 3 * figure["shown"] / figure["natural"]
        if shown < PHONE_TEXT_PX:
            problems.append(
                f"docs/{page}: snippets/{figure['snippet']}: {text!r} at {points:g} pt shows at {shown:.1f} px "
                f"(figure {figure['shown']:.0f} of {figure['natural']} px wide)"
            )
    _fail(problems, f"figures have text under {PHONE_TEXT_PX} px at 390x844")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page", lesson_pages())
def test_every_figure_has_a_dark_variant_and_the_scheme_shows_one(layout, page, viewport, scheme):
    figures = layout(page, viewport, scheme)["figures"]
    light = [f for f in figures if not f["dark"]]
    problems = []
    for figure in light:
        where = f"docs/{page}: snippets/{figure['snippet']}: figure {figure['alt']!r}"
        dark = figure["next"]
        if dark is None:
            problems.append(f"{where} has no dark variant")
        elif dark["alt"] != figure["alt"] or not dark["src"].endswith("#only-dark"):
            problems.append(f"{where}: its dark variant is {dark}")
        if not figure["src"].endswith("#only-light"):
            problems.append(f"{where}: {figure['src']} is not marked #only-light")
    shown = [f["dark"] for f in figures if f["visible"]]
    if shown != [scheme == "dark"] * len(light):
        problems.append(f"docs/{page}: in {scheme} mode the page shows {len(shown)} figures, dark ones: {sum(shown)}")
    _fail(problems, "figures without a proper dark variant")


@in_view(("desktop", "light"), ("desktop", "dark"))
def keyboard(tab, page, site):
    """The glossary terms that take focus, the first one Tab reaches, and its definition's style."""
    if page not in lesson_pages():
        return None
    terms = tab.locator("article abbr[tabindex='0']")
    found = {
        "count": terms.count(),
        "unfocusable": tab.eval_on_selector_all(
            "article abbr[tabindex='0']", "all => all.filter(a => a.tabIndex < 0).map(a => a.textContent)"
        ),
        "first": terms.first.text_content() if terms.count() else None,
    }
    for _ in range(200):  # Tab until a term has focus
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.tagName") == "ABBR":
            break
    found["focused"] = tab.evaluate("document.activeElement.tagName === 'ABBR' && document.activeElement.textContent")
    if not found["focused"]:
        return found
    # Tabbing past headings may leave a permalink's tooltip fading out: wait for the term's own.
    shown = "want => [...document.querySelectorAll('.md-tooltip2--active')].some(t => t.innerText.trim() === want)"
    tab.wait_for_function(shown, arg=ABBREVIATIONS[found["focused"]], timeout=10_000)
    found["style"] = tab.evaluate(
        """() => {
            const tip = [...document.querySelectorAll(".md-tooltip2--active .md-tooltip2__inner")].pop();
            const body = getComputedStyle(document.querySelector("article p"));
            return {tip: getComputedStyle(tip).fontSize, body: body.fontSize, weight: getComputedStyle(tip).fontWeight};
        }"""
    )
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page", lesson_pages())
def test_glossary_terms_take_keyboard_focus_and_show_their_definition(layout, page, scheme):
    # Which occurrences take focus is checked on the HTML (tests/test_glossary.py); here, that they do.
    found = acted(layout(page, "desktop", scheme), keyboard)
    assert found["count"] > 0, f"docs/{page} shows no focusable glossary terms"
    assert found["unfocusable"] == [], f"docs/{page}: glossary terms that cannot take focus: {found['unfocusable']}"
    assert found["focused"] == found["first"], f"docs/{page}: Tab never reaches the glossary term {found['first']!r}"
    # The definition reads as body text: the page's own size, not bold.
    style = found["style"]
    assert style["tip"] == style["body"], f"docs/{page}: a definition at {style['tip']}, body text at {style['body']}"
    assert int(style["weight"]) < 600, f"docs/{page}: the definition is bold ({style['weight']})"


@in_view(("desktop", "light"))
def copied(tab, page, site):
    """The first visible snippet's name and what its copy button put on the clipboard."""
    if page not in lesson_pages():
        return None
    block = tab.locator(".snippet-code:visible").first  # not one in a collapsed block, which cannot be hovered
    block.hover()
    block.locator('button[data-md-type="copy"], button.md-clipboard').first.click()
    return {"snippet": block.get_attribute("data-snippet"), "copied": tab.evaluate("navigator.clipboard.readText()")}


@pytest.mark.parametrize("page", lesson_pages())
def test_copy_button_copies_the_snippet(layout, page):
    found = acted(layout(page, "desktop", "light"), copied)
    source = (SNIPPETS / found["snippet"]).read_text()
    without_annotations = re.sub(r"\s*# \(\d+\)!", "", source)
    assert found["copied"].rstrip() == without_annotations.rstrip()


@in_view(("desktop", "light"))
def on_paper(tab, page, site):
    """What shows on paper: last in its view, since it leaves the page in print media."""
    if page not in lesson_pages():
        return None
    # Material turns each "# (n)!" comment into a marker as it mounts the code block, and then hides the
    # block's list of notes, as it starts listening for the print event (which shows the list again).
    # Only the blocks listening by then answer the print event: wait until every marker of the built page
    # is there, and every annotated block's list hidden.
    html = (site / page_url(page) / "index.html").read_text()
    expected = len(re.findall(r"# \(\d+\)!</span>", html))
    tab.wait_for_function(
        """n => {
            const markers = document.querySelectorAll("article .md-annotation");
            const blocks = new Set(Array.from(markers, marker => marker.closest(".highlight")));
            return markers.length >= n && Array.from(blocks).every(block => block.nextElementSibling.hidden);
        }""",
        arg=expected,
    )
    tab.emulate_media(media="print")
    # The print stylesheet changes each code block's height. Material (9.8) mounts a block's notes again
    # whenever the block's height changes, and a new mount hides them until the next print event. A resize
    # is reported in the frame after it: wait two frames, so the print event comes after the new mount.
    tab.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what a browser does when printing
    printed = tab.evaluate(
        """() => {
            const shown = sel => Array.from(document.querySelectorAll(sel)).filter(e => e.checkVisibility())
                .map(e => e.tagName + "." + e.className);
            const markers = document.querySelectorAll("article .md-annotation").length;
            const notes = Array.from(document.querySelectorAll(".md-annotation-list"))
                .filter(l => l.checkVisibility()).reduce((n, l) => n + l.children.length, 0);
            const style = sel => Array.from(document.querySelectorAll(sel)).map(e => getComputedStyle(e));
            return {
                controls: shown("button, .md-clipboard, .md-button, .md-code__nav, .md-top, .md-header, .md-sidebar"),
                markers, notes,
                // (not with a figure: a block and a tall figure moved on together leave a near-blank page)
                codeKeptWithNext: style(".snippet-code:has(+ .snippet-output, + .md-annotation-list)")
                    .every(s => s.breakAfter === "avoid"),
                outputKeptWithCode: style(".snippet-output").every(s => s.breakBefore === "avoid"),
                figuresWhole: style("img.snippet-figure").every(s => s.breakInside === "avoid"),
                // Material keeps admonitions whole: a tall one (a solution) would start a part-empty page
                boxesSplittable: style("article .admonition, article details").every(s => s.breakInside !== "avoid"),
                blocksKeptWhole: style(".snippet-code > pre > code, .snippet-output > pre > code")
                    .every(s => Number(s.orphans) >= 10 && Number(s.widows) >= 10),
            };
        }"""
    )
    # The page printed on A4, in Material's 25 mm margins; then laid out on the 160 x 247 mm that leaves.
    pdf = tab.pdf(format="A4")
    tab.set_viewport_size({"width": round(160 / 25.4 * 96), "height": round(247 / 25.4 * 96)})
    printed.update(
        tab.evaluate(
            """() => ({
                wrapped: Array.from(document.querySelectorAll("article pre > code")).filter(code => {
                    const s = getComputedStyle(code), lines = code.textContent.replace(/\\n$/, "").split("\\n").length;
                    const height = code.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
                    return height > lines * parseFloat(s.lineHeight) + 2;
                }).map(code => code.closest("[data-snippet]")?.dataset.snippet ?? code.textContent.slice(0, 40)),
                pageAreas: document.querySelector("article").getBoundingClientRect().height / innerHeight,
            })"""
        ),
        pages=len(re.findall(rb"/Type\s*/Page\b", pdf)),
    )
    return printed


@pytest.mark.parametrize("page", lesson_pages())
def test_printing_hides_the_controls_and_keeps_code_with_its_notes_and_output(layout, page):
    printed = acted(layout(page, "desktop", "light"), on_paper)
    assert printed["controls"] == [], f"docs/{page}: controls on paper: {printed['controls'][:5]}"
    assert printed["notes"] >= printed["markers"], (
        f"docs/{page}: {printed['markers']} annotation numbers, {printed['notes']} notes"
    )
    assert printed["codeKeptWithNext"], f"docs/{page}: a code block may be split from its Output"
    assert printed["outputKeptWithCode"], f"docs/{page}: an Output may be split from its code"
    assert printed["figuresWhole"], f"docs/{page}: a figure may be split across pages"
    assert printed["boxesSplittable"], f"docs/{page}: an admonition taller than the rest of a page starts a new one"
    assert printed["blocksKeptWhole"], f"docs/{page}: a short code block or Output may be split across pages"
    assert printed["wrapped"] == [], (
        f"docs/{page}: code lines wrap on A4, losing their indentation: {printed['wrapped']}"
    )
    # Breaks leave some space at the foot of a page (a figure or a short block moved on whole): at most
    # 12% of the page in all; a page left near-blank adds most of a page.
    blank = printed["pages"] - printed["pageAreas"]
    assert blank <= 0.12 * printed["pageAreas"] + 1, (
        f"docs/{page}: {printed['pages']} A4 pages for {printed['pageAreas']:.1f} pages of content"
    )


@in_view(("phone", "light"), ("phone", "dark"))
def tapped(tab, page, site):
    """Each figure link on the page, and for each one shown, the width its file opens at on its own."""
    if page not in lesson_pages():
        return None
    links = tab.evaluate(
        """() => Array.from(document.querySelectorAll("a.snippet-figure-link")).map(a => ({
            href: a.href, src: a.querySelector("img").src, shown: a.checkVisibility(),
            width: a.querySelector("img").getBoundingClientRect().width,
            natural: Number(a.querySelector("img").getAttribute("width")),
        }))"""
    )
    opened = tab.context.new_page()
    for link in links:
        if link["shown"] and link["href"] == link["src"].split("#")[0]:
            response = opened.goto(link["href"], wait_until="load")
            link["ok"] = response is not None and response.ok
            link["opens"] = opened.evaluate("() => document.documentElement.getBoundingClientRect().width")
    opened.close()
    return links


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page", lesson_pages())
def test_every_figure_opens_larger_on_a_tap(layout, page, scheme):
    """Each figure is a link to its own SVG file: on a phone, a tap shows that scheme's figure on its
    own, at its full size (larger than on the page where the page scales it down), where the reader
    can zoom. The link around the other scheme's figure is hidden. (mkdocs-glightbox did this over the
    page, but its 17 KB gzip of script and style on every page pushed seven lessons past the 250 KB
    first-visit budget.)"""
    links = acted(layout(page, "phone", scheme), tapped)
    wanted = "#only-dark" if scheme == "dark" else "#only-light"
    assert links, f"docs/{page} has no figure"
    assert [link["src"].endswith(wanted) for link in links] == [link["shown"] for link in links], links
    problems = []
    for link in (link for link in links if link["shown"]):
        if link["href"] != link["src"].split("#")[0]:
            problems.append(f"docs/{page}: {link['src']} links {link['href']}")
        elif not link["ok"] or link["opens"] < max(link["width"], 0.99 * link["natural"]):
            problems.append(
                f"docs/{page}: {link['href']} opens {link['opens']:.0f} px wide, {link['width']:.0f} on the page"
            )
    _fail(problems, f"figures do not open larger in {scheme}")
