"""What a first visit of one page costs a reader's browser: DOM nodes, bytes, time to interactive.

Used by the benchmark (``bench/build.py``, which reports it for every page) and by
``tests/test_page_weight.py`` (which holds the lesson pages to the targets, apart from time).

- **DOM nodes**: every node of the document once the page has loaded and Material's
  JavaScript has run (elements, text and comments), counted with a TreeWalker.
- **Bytes**: everything the browser fetched from the site with an empty cache: HTML, CSS,
  JavaScript, fonts, the search index, and every figure of the reader's colour scheme (the
  lazy ones are loaded too, as a reader scrolling down the page would; the other scheme's
  variants are hidden, and a browser never fetches a hidden lazy image). *Raw* is the files'
  size; *gzip* is the same files compressed with gzip at level 6, as a web server would send
  them (fonts and images barely shrink). Python's ``http.server``, which serves the pages
  here, compresses nothing, so the gzip size is computed from the files rather than read off
  the wire.
- **Time to interactive**: from the start of navigation until the page is usable: the load
  event has fired, Material's JavaScript has given the last code block its copy button, and
  the main thread has finished its last long task (a task of 50 ms or more, as Chromium's
  ``longtask`` performance entries report them). The latest of those three moments.
  It is a time on the machine that runs it, so it is reported, never tested.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

TARGET_NODES = 10_000
TARGET_GZIP = 250 * 1024
TARGET_TTI_MS = 1_000

# Installed before the page's own scripts: records long tasks and when the last copy button appears.
_WATCH = """
window.__pageWeight = {longTasks: [], copyButtons: 0, lastCopyButton: null};
new PerformanceObserver((list) => list.getEntries().forEach(
  (task) => window.__pageWeight.longTasks.push(task.startTime + task.duration)
)).observe({type: "longtask", buffered: true});
new MutationObserver(() => {
  const count = document.querySelectorAll('button[data-md-type="copy"]').length;
  if (count > window.__pageWeight.copyButtons) {
    window.__pageWeight.copyButtons = count;
    window.__pageWeight.lastCopyButton = performance.now();
  }
}).observe(document, {subtree: true, childList: true});
"""
_COUNT_NODES = """() => {
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  let count = 1;
  while (walker.nextNode()) count++;
  return count;
}"""
_TIMES = """() => ({
  load: performance.getEntriesByType("navigation")[0].loadEventEnd,
  longTasks: window.__pageWeight.longTasks,
  lastCopyButton: window.__pageWeight.lastCopyButton,
  codeBlocks: document.querySelectorAll("pre > code").length,
  copyButtons: window.__pageWeight.copyButtons,
})"""


@dataclass
class PageWeight:
    nodes: int
    raw: int  # bytes fetched, as stored
    gzip: int  # the same, gzip-compressed
    requests: int
    off_site: int  # requests that left the site
    tti_ms: float
    fetched: list[tuple[str, int, int]]  # (site path, raw, gzip) per request


_LOAD_FIGURES = """() => Promise.all(Array.from(document.images)
    .filter(image => getComputedStyle(image).display !== "none")
    .map(image => {
        image.loading = "eager";
        return image.complete ? null : new Promise(done => { image.onload = image.onerror = done; });
    }))"""


def measure(browser, base_url: str, site: Path, page: str, viewport=(1280, 800)) -> PageWeight:
    """Open ``page`` (a site path such as ``gradients/``) in a fresh context of ``browser`` and measure it."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        context.add_init_script(_WATCH)
        tab = context.new_page()
        urls: list[str] = []
        tab.on("requestfinished", lambda request: urls.append(request.url))
        tab.goto(base_url + page, wait_until="load")
        tab.wait_for_load_state("networkidle")
        times = tab.evaluate(_TIMES)
        nodes = tab.evaluate(_COUNT_NODES)
        # A reader scrolling down fetches every figure of their colour scheme (collapsed ones
        # included); the other scheme's figures are display: none and never fetched.
        tab.evaluate(_LOAD_FIGURES)
        tab.wait_for_load_state("networkidle")
    finally:
        context.close()
    moments = [times["load"], *times["longTasks"]]
    if times["codeBlocks"]:
        moments.append(times["lastCopyButton"] or float("inf"))  # never bound: never interactive
    fetched, off_site = [], 0
    for url in urls:
        if not url.startswith(base_url):
            off_site += not url.startswith("data:")
            continue
        path = unquote(urlsplit(url).path).lstrip("/")
        file = site / path
        if path == "" or path.endswith("/"):
            file = file / "index.html"
        data = file.read_bytes()
        fetched.append((path or "index.html", len(data), len(gzip.compress(data, compresslevel=6, mtime=0))))
    return PageWeight(
        nodes=nodes,
        raw=sum(raw for _, raw, _ in fetched),
        gzip=sum(packed for _, _, packed in fetched),
        requests=len(urls),
        off_site=off_site,
        tti_ms=max(moments),
        fetched=fetched,
    )
