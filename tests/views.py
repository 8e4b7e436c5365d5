"""The pages as a browser shows them: each page opened once at each size and colour scheme, for every test.

``layout(page, viewport, scheme)`` opens the page (once per test session and worker), measures what it
shows, leaves a full-page screenshot in test-results/screenshots/, and runs there the actions the test
modules declared for that view (``in_view``); a test reads what was measured, or what an action gave
(``acted``). The fixture is conftest.py's, so that every test module shares its views: a fixture defined
in a test module and imported into another is a second fixture there, which opens every view again.
"""

from __future__ import annotations

import os

from bench.page_weight import WATCH, weigh
from conftest import ROOT, broken_images, page_url

SCREENSHOTS = ROOT / os.environ.get("TEST_RESULTS_DIR", "test-results") / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


class Visit:
    """A page opened in a fresh browser context until its load event, with its console errors and requests
    recorded; ``init_script`` runs before the page's own scripts."""

    def __init__(
        self,
        browser,
        site_url: str,
        page: str,
        color_scheme: str = "light",
        viewport: dict | None = None,
        init_script: str | None = None,
    ):
        self.context = browser.new_context(
            permissions=["clipboard-read", "clipboard-write"], color_scheme=color_scheme, viewport=viewport
        )
        # CI machines are slower and busier than this one: give each wait room before calling it a failure.
        self.context.set_default_timeout(60_000)
        if init_script:
            self.context.add_init_script(init_script)
        self.tab = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.finished: list[str] = []
        self.tab.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.tab.on("pageerror", lambda error: self.errors.append(str(error)))
        self.tab.on("request", lambda request: self.requests.append(request.url))
        self.tab.on("requestfinished", lambda request: self.finished.append(request.url))
        self.response = self.tab.goto(site_url + page_url(page), wait_until="load")


# What each view does after it is measured and photographed, in the order declared: ``(viewport, scheme)`` ->
# ``action(tab, page, site)``, whose result (None where it does not apply) the view keeps under its name.
ACTIONS: dict[tuple[str, str], list] = {}


def in_view(*views: tuple[str, str]):
    """Run the decorated action in each of these views of every page (declare the one that prints last)."""

    def declare(action):
        for view in views:
            ACTIONS.setdefault(view, []).append(action)
        return action

    return declare


def acted(view: dict, action):
    """What ``action`` gave in that view, or the error it raised, raised again for the test that reads it."""
    result = view[action.__name__]
    if isinstance(result, Exception):
        raise result
    return result


VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")

MEASURE = """() => {
    const visible = el => el.getClientRects().length > 0;
    const longest = text => text.split("\\n").reduce(
        (best, line, i) => line.length > best.length ? {line: i + 1, length: line.length} : best, {line: 0, length: 0});
    const blocks = Array.from(document.querySelectorAll(".snippet-code, .snippet-output")).map(block => {
        const code = block.querySelector("pre > code");
        return {
            snippet: block.dataset.snippet, kind: block.classList.contains("snippet-output") ? "Output" : "code",
            scrollWidth: code.scrollWidth, clientWidth: code.clientWidth, longest: longest(code.textContent),
        };
    });
    // Material makes a display formula's div.arithmatex the scroller, and the formula as wide as it is.
    const formulas = Array.from(document.querySelectorAll("div.arithmatex")).map(display => {
        const style = getComputedStyle(display);
        const lines = Array.from(display.querySelectorAll(".katex-html > .base")).map(base => ({
            top: Math.round(base.getBoundingClientRect().top), text: base.textContent,
        }));
        const tex = display.querySelector("annotation");
        return {
            tex: tex ? tex.textContent.trim().slice(0, 70) : display.textContent.slice(0, 70),
            scrollWidth: display.scrollWidth, clientWidth: display.clientWidth,
            overflowX: style.overflowX, backgroundImage: style.backgroundImage,
            backgroundAttachment: style.backgroundAttachment,
            scrollbarWidth: style.scrollbarWidth,  // Playwright hides scrollbars: check they are not turned off
            lines,
        };
    });
    // Each figure is inside a link to its file: the dark variant is the next link's figure.
    const nextFigure = img => {
        const next = (img.closest("a.snippet-figure-link") || img).nextElementSibling;
        return next && (next.matches("img") ? next : next.querySelector(":scope > img"));
    };
    const figures = Array.from(document.querySelectorAll("img.snippet-figure, img.snippet-figure-dark")).map(img => ({
        snippet: img.dataset.snippet, alt: img.alt, src: img.getAttribute("src"),
        dark: img.matches(".snippet-figure-dark"),
        natural: Number(img.getAttribute("width")), shown: img.getBoundingClientRect().width, visible: visible(img),
        next: (pair => pair && pair.matches("img.snippet-figure-dark")
            ? {alt: pair.alt, src: pair.getAttribute("src")} : null)(nextFigure(img)),
    }));
    const katex = document.querySelectorAll(".katex").length;
    const mathml = document.querySelectorAll(".katex .katex-mathml math").length;
    return {blocks, formulas, figures, katex, mathml};
}"""


# Formulas KaTeX did not render: an .arithmatex without its .katex, a .katex-error, or TeX left in the text.
RENDERING = """() => {
    const article = document.querySelector("article").cloneNode(true);
    article.querySelectorAll("pre, code, script, style, .katex, .clipboard-copy-txt").forEach(n => n.remove());
    return {
        unrendered: Array.from(document.querySelectorAll(".arithmatex")).filter(n => !n.querySelector(".katex")).length,
        errors: document.querySelectorAll(".katex-error").length,
        text: article.innerText,
    };
}"""

# Material's code-annotation markers are links whose number is drawn by CSS; the control a reader
# focuses is their parent <aside>, which axe checks, so the markers themselves are left out.
AXE_RUN = """async () => (await axe.run({exclude: [[".md-annotation__index"]]}, {resultTypes: ["violations"]}))
    .violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, where: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
    }))"""


_MADE: list[str] = []  # the sessions' ``layout``: one per test process


def views(browser, site_url: str, built_site):
    """``layout(page, viewport, scheme)`` (the fixture, in conftest.py): the page opened once at that size
    and colour scheme, every figure loaded: what it shows, and on a desktop its formulas' rendering and
    axe-core's violations; on a desktop in light, also its console errors, requests and broken images, and
    its first visit's weight (``bench.page_weight.weigh``); then what each of the view's ``ACTIONS`` gave.

    Each view also leaves a full-page screenshot, test-results/screenshots/<page>-<viewport>-<scheme>.jpg.
    """
    if _MADE:  # a second ``layout`` fixture (one defined in a test module) would open every view again
        raise RuntimeError(f"views() called again (first for {_MADE[0]}): use conftest.py's `layout` fixture")
    _MADE.append(site_url)
    measured = {}

    def measure(page: str, viewport: str, scheme: str) -> dict:
        key = (page, viewport, scheme)
        if key not in measured:
            # The load event is enough to read the page: every figure is waited for just below. The first
            # view, on a desktop in light, is also the page's first visit as bench/page_weight.py weighs
            # it, which waits for the network to go quiet: every request the page makes, the search
            # index's too, for the check that nothing is fetched off-site.
            first = (viewport, scheme) == ("desktop", "light")
            opened = Visit(browser, site_url, page, scheme, VIEWPORTS[viewport], init_script=WATCH if first else None)
            try:
                tab = opened.tab
                weight = weigh(tab, opened.finished, site_url, built_site) if first else None
                tab.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
                tab.wait_for_function("Array.from(document.images).every(i => i.complete)")
                view = tab.evaluate(MEASURE)
                if first:
                    view["weight"] = weight
                    view["loaded"] = {
                        "ok": opened.response.ok,
                        "errors": list(opened.errors),
                        "requests": list(opened.requests),
                        "broken images": broken_images(tab),
                    }
                if viewport == "desktop":
                    view["rendering"] = tab.evaluate(RENDERING)
                    tab.add_script_tag(path=str(AXE))
                    view["violations"] = tab.evaluate(AXE_RUN)
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                name = page_url(page).strip("/").replace("/", "-") or "index"
                # JPEG: a person looks at these, and Chromium writes a long page as JPEG in half the time of PNG.
                tab.screenshot(path=SCREENSHOTS / f"{name}-{viewport}-{scheme}.jpg", full_page=True, quality=85)
                for action in ACTIONS.get((viewport, scheme), []):
                    try:
                        view[action.__name__] = action(tab, page, built_site)
                    except Exception as error:  # the test that reads it fails, not every test of the view
                        view[action.__name__] = error
                measured[key] = view
            finally:
                opened.context.close()
        return measured[key]

    return measure
