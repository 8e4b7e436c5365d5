"""What a first visit of one page costs a reader's browser: DOM nodes, bytes, time to interactive,
and, on a throttled mid-range phone, when it paints, how long its main thread is blocked, how much it shifts.

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

from bench.browser import _QuietHandler, serve

TARGET_NODES = 10_000
TARGET_GZIP = 250 * 1024
TARGET_TTI_MS = 1_000

# Installed before the page's own scripts: records long tasks and when the last copy button appears.
WATCH = """
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
        context.add_init_script(WATCH)
        tab = context.new_page()
        urls: list[str] = []
        tab.on("requestfinished", lambda request: urls.append(request.url))
        tab.goto(base_url + page, wait_until="load")
        return weigh(tab, urls, base_url, site)
    finally:
        context.close()


def weigh(tab, urls: list[str], base_url: str, site: Path) -> PageWeight:
    """The first visit of the page loaded in ``tab``: a fresh context, ``WATCH`` installed before the page's
    scripts, and ``urls`` every request finished so far (a list the tab's ``requestfinished`` appends to).

    Leaves every figure of the tab's colour scheme loaded."""
    tab.wait_for_load_state("networkidle")
    times = tab.evaluate(_TIMES)
    nodes = tab.evaluate(_COUNT_NODES)
    # A reader scrolling down fetches every figure of their colour scheme (collapsed ones
    # included); the other scheme's figures are display: none and never fetched.
    tab.evaluate(_LOAD_FIGURES)
    tab.wait_for_load_state("networkidle")
    moments = [times["load"], *times["longTasks"]]
    if times["codeBlocks"]:
        moments.append(times["lastCopyButton"] or float("inf"))  # never bound: never interactive
    fetched, off_site = [], 0
    for url in list(urls):
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


# --- The same first visit on a mid-range phone -------------------------------------------------
#
# Lighthouse's mobile profile, applied with Chromium's own throttling (DevTools protocol): the
# CPU 4x slower, "slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up), a 412-px wide
# screen at 1.75 device pixels per CSS pixel. The files are sent gzip-compressed, as a web server
# sends them (Python's own server compresses nothing, and on a throttled network every byte counts).
#
# - **First contentful paint (FCP)**: the ``paint`` entry ``first-contentful-paint``.
# - **Largest contentful paint (LCP)**: the last ``largest-contentful-paint`` entry before any input.
# - **Total blocking time (TBT)**: over the long tasks (50 ms or more) after FCP until the page is
#   quiet (loaded, network idle, then a second more), the sum of each one's time beyond 50 ms
#   (a task that began before FCP counts from FCP), as Lighthouse counts it.
# - **Layout shift (CLS)**: the sum of every ``layout-shift`` entry without recent input (an upper
#   bound of Chromium's cumulative layout shift, which keeps the worst window of shifts only).
# Times on the machine that runs it: reported by the benchmark, never tested.

PHONE_VIEWPORT = (412, 823)
PHONE_CPU_SLOWDOWN = 4
PHONE_NETWORK = {
    "offline": False,
    "latency": 150,  # ms
    "downloadThroughput": 1.6 * 1_000_000 / 8,  # bytes per second
    "uploadThroughput": 750 * 1_000 / 8,
}
TARGET_FCP_MS = 1_800
TARGET_LCP_MS = 2_500
TARGET_TBT_MS = 200
TARGET_CLS = 0.1

_PHONE_WATCH = """
window.__phone = {fcp: null, lcp: null, cls: 0, longTasks: []};
const watch = (type, record) => new PerformanceObserver((list) => list.getEntries().forEach(record))
  .observe({type, buffered: true});
watch("paint", (entry) => { if (entry.name === "first-contentful-paint") window.__phone.fcp = entry.startTime; });
watch("largest-contentful-paint", (entry) => { window.__phone.lcp = entry.startTime; });
watch("layout-shift", (entry) => { if (!entry.hadRecentInput) window.__phone.cls += entry.value; });
watch("longtask", (entry) => window.__phone.longTasks.push([entry.startTime, entry.duration]));
"""
_COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb"}


@dataclass
class PhoneSpeed:
    fcp_ms: float
    lcp_ms: float
    tbt_ms: float
    cls: float


def blocking_time(long_tasks: list[tuple[float, float]], fcp_ms: float) -> float:
    """Lighthouse's total blocking time: each long task's time beyond 50 ms, counted from FCP."""
    total = 0.0
    for start, duration in long_tasks:
        end = start + duration
        if end > fcp_ms:
            total += max(0.0, end - max(start, fcp_ms) - 50)
    return total


class _GzipHandler(_QuietHandler):
    """Python's file server, sending text files gzip-compressed (level 6) to a browser that accepts it."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        file = Path(self.translate_path(self.path))
        if file.is_dir() and self.path.split("?")[0].endswith("/"):
            file = file / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or file.suffix not in _COMPRESSED or not file.is_file():
            return super().do_GET()
        body = gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_gzip(site: Path):
    """Serve ``site`` on a free local port, compressed as a web server would; yields its base URL."""
    return serve(site, _GzipHandler)


def measure_phone(browser, base_url: str, page: str, throttle: bool = True) -> PhoneSpeed:
    """Open ``page`` for the first time on a throttled mid-range phone (see above) and time its paints.

    ``throttle=False`` keeps the phone's screen but not its slowness (a quick check of layout shift)."""
    context = browser.new_context(
        viewport={"width": PHONE_VIEWPORT[0], "height": PHONE_VIEWPORT[1]},
        device_scale_factor=1.75,
        is_mobile=True,
        has_touch=True,
    )
    try:
        context.add_init_script(_PHONE_WATCH)
        tab = context.new_page()
        if throttle:
            cdp = context.new_cdp_session(tab)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
        tab.goto(base_url + page, wait_until="load", timeout=120_000)
        tab.wait_for_load_state("networkidle", timeout=120_000)
        tab.wait_for_timeout(1_000)
        seen = tab.evaluate("window.__phone")
    finally:
        context.close()
    if seen["fcp"] is None or seen["lcp"] is None:
        raise RuntimeError(f"{page}: Chromium reported no contentful paint: {seen}")
    return PhoneSpeed(
        fcp_ms=seen["fcp"],
        lcp_ms=seen["lcp"],
        tbt_ms=blocking_time(seen["longTasks"], seen["fcp"]),
        cls=seen["cls"],
    )
