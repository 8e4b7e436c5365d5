"""Benchmark the site build and the pages' weight.

Prints, in one run:
- build times: cold (empty cache), warm (nothing changed), after editing one page, after editing one snippet,
  beside their targets, and where each build's time went (start-up, snippets, maths, notebook pages, the rest);
- the edit loop under ``mkdocs serve --dirty`` (``bench/serve.py``): from saving a file to its page served;
- the latest run of the whole test suite on this machine (recorded by tests/conftest.py);
- for each page, what a first visit costs: DOM nodes, bytes fetched (raw and gzip), requests, maths
  assets, off-site requests and time to interactive, beside their targets (bench/page_weight.py);
- for each page, the same first visit on a throttled mid-range phone: first and largest contentful paint, total
  blocking time and layout shift, beside their targets (bench/page_weight.py);
- how long each snippet that trains a model runs, on one thread.

The build runs on a copy of the project in a temporary folder, so the source tree is never touched.
Usage: python bench/build.py  (needs the venv and node_modules that `make setup` installs; Chromium for page weights)
       python bench/build.py --phone SITE_DIR  (the phone table only, for a site already built into SITE_DIR)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import chromium, chromium_path, serve  # noqa: E402
from bench.page_weight import (  # noqa: E402
    PHONE_CPU_SLOWDOWN,
    PHONE_VIEWPORT,
    TARGET_CLS,
    TARGET_FCP_MS,
    TARGET_GZIP,
    TARGET_LCP_MS,
    TARGET_NODES,
    TARGET_TBT_MS,
    TARGET_TTI_MS,
    PageWeight,
    PhoneSpeed,
    measure,
    measure_phone,
    serve_gzip,
)
from sitebuild.lessons import (  # noqa: E402
    REPRODUCIBLE_ENV,
    SNIPPETS,
    lesson_pages,
    run_lesson,
)

LESSON_PAGES = {page.removesuffix(".md") for page in lesson_pages()}
COPIED = ["mkdocs.yml", "mkdocs-offline.yml", "docs", "snippets", "sitebuild", "overrides", "includes", "notebooks"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


TIMING = re.compile(
    r"timing: snippets ([\d.]+) s \(the worker's imports ([\d.]+) s\), maths ([\d.]+) s, notebooks ([\d.]+) s, "
    r"total ([\d.]+) s"
)
BY_PAGE = re.compile(r"snippets by page: (.*)")
COLD_TARGET, WARM_TARGET, WARM_SHARE, SUITE_TARGET = 20.0, 2.0, 0.1, 300.0  # issue 22: make test ≤ 300 s


# A build's seconds, what ran, where the time went, and each lesson page's snippet run (pages that ran).
Build = tuple[float, str, dict[str, float], list[tuple[str, float]]]


def build(project: Path) -> Build:
    """Build the project at ``project`` once, with ``mkdocs build --strict``."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")
    summary = next((line.split("snippets: ", 1)[1] for line in result.stderr.splitlines() if "snippets:" in line), "")
    notebooks = result.stderr.count("Converting notebook (execute=True)")
    snippets, imports, maths, notebook_pages, total = (float(x) for x in TIMING.search(result.stderr).groups())
    split = {
        "start-up": elapsed - total,  # Python, MkDocs, plugins, config
        "worker imports": imports,
        "snippets": snippets - imports,
        "maths": maths,
        "notebook pages": notebook_pages,
        "rest of MkDocs": total - snippets - maths - notebook_pages,
    }
    by_page = BY_PAGE.search(result.stderr)
    pages = re.findall(r"([\w.-]+) ([\d.]+) s", by_page[1]) if by_page else []
    summary = f"{re.sub(r' [(].*[)]', '', summary)}; {notebooks} notebooks executed"
    return elapsed, summary, split, [(page, float(seconds)) for page, seconds in pages]


def build_times(project: Path) -> list[tuple[str, *Build]]:
    rows = [("cold (empty cache)", *build(project)), ("warm (nothing changed)", *build(project))]
    page = project / "docs" / "linear-regression.md"
    page.write_text(page.read_text() + "\nOne more sentence.\n")
    rows.append(("after editing one page", *build(project)))
    snippet = project / "snippets" / "linear_regression" / "plot_loss.py"
    snippet.write_text(snippet.read_text() + "# an edit\n")
    rows.append(("after editing one snippet", *build(project)))
    return rows


def print_build_times(times: list[tuple[str, *Build]]) -> None:
    cold = times[0][1]
    targets = {
        "cold (empty cache)": f"< {COLD_TARGET:.0f}",
        "warm (nothing changed)": f"< {WARM_TARGET:.0f} and ≤ {WARM_SHARE} of cold",
    }
    print("## Build times\n")
    print("| build | seconds | target | share of cold | what ran |")
    print("|---|---:|---|---:|---|")
    for name, seconds, summary, _, _ in times:
        over = (name.startswith("cold") and seconds >= COLD_TARGET) or (
            name.startswith("warm") and (seconds >= WARM_TARGET or seconds > WARM_SHARE * cold)
        )
        mark = " !" if over else ""
        print(f"| {name} | {seconds:.2f}{mark} | {targets.get(name, '')} | {seconds / cold:.2f} | {summary} |")
    print("\nWhere the time goes (seconds): start-up is Python, MkDocs and its plugins loading and the")
    print("config; the worker's imports (torch, scikit-learn, ...) come before any page's snippets run;")
    print("snippets is then the pages' runs, on every core, and maths the formulas (cache misses only);")
    print("notebook pages is mkdocs-jupyter rendering them (nbconvert; cached by content); the rest is")
    print("MkDocs rendering and writing pages. The offline copy is a step of its own (make offline).\n")
    parts = list(times[0][3])
    print("| build | " + " | ".join(parts) + " |")
    print("|---|" + "---:|" * len(parts))
    for name, _, _, split, _ in times:
        print(f"| {name} | " + " | ".join(f"{split[part]:.2f}" for part in parts) + " |")
    cold_pages = times[0][4]
    if cold_pages:
        print("\nEach lesson page's snippets in the cold build: seconds from its start to its reply, in its")
        print("own process forked from the warm worker, figures included; pages start longest first.\n")
        print("| page | seconds |")
        print("|---|---:|")
        for page, seconds in cold_pages:
            print(f"| {page} | {seconds:.2f} |")


def print_serve_times() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import serve as serve_bench

    print("\n## The edit loop under `make serve` (`mkdocs serve --dirty`)\n")
    print("From saving a file to the served page showing the edit, five times each (bench/serve.py):\n")
    times = serve_bench.measure(runs=5)
    print("| edit | median seconds | target | every run |")
    print("|---|---:|---:|---|")
    for kind, seconds in times.items():
        median = statistics.median(seconds)
        mark = " !" if median > serve_bench.TARGETS[kind] else ""
        each = ", ".join(f"{s:.2f}" for s in seconds)
        print(f"| {kind} | {median:.2f}{mark} | ≤ {serve_bench.TARGETS[kind]} | {each} |")


def print_suite_time() -> None:
    print("\n## The test suite\n")
    record = ROOT / ".cache" / "test-suite-time.json"
    if not record.is_file():
        print("(no whole-suite run recorded yet: run `make test`)")
        return
    run = json.loads(record.read_text())
    mark = " !" if run["seconds"] >= SUITE_TARGET else ""
    print("The latest whole `make test` run on this machine (pytest, written by tests/conftest.py):\n")
    print("| finished | seconds | target | passed | failed | xfailed | skipped |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {run['finished']} | {run['seconds']:.0f}{mark} | < {SUITE_TARGET:.0f} | {run['passed']} "
        f"| {run['failed']} | {run['xfailed']} | {run['skipped']} |"
    )
    by_file = run.get("seconds by file", {})
    if by_file:
        print("\nWhere its time went: each test file's setup, call and teardown, summed over the xdist")
        print("workers, waits for a shared fixture (the site's build) and for the CPU included:\n")
        print("| test file | seconds |")
        print("|---|---:|")
        for file, seconds in sorted(by_file.items(), key=lambda item: -item[1]):
            if seconds >= 1:
                print(f"| {file} | {seconds:.0f} |")


def page_weights(site: Path) -> list[tuple[str, PageWeight]] | None:
    """Every page's first visit, measured as ``bench/page_weight.py`` says."""
    executable = chromium_path()
    if executable is None:
        return None
    paths = site_pages(site)
    with serve(site) as base, chromium(executable) as browser:
        return [(path.rstrip("/") or "(home)", measure(browser, base, site, path)) for path in paths]


def print_page_weights(weights: list[tuple[str, PageWeight]]) -> None:
    print("Empty browser cache, 1280x800 window, every figure loaded. DOM nodes: all nodes once")
    print("Material's JavaScript has run. KB: HTML, CSS, JavaScript, fonts, search index and figures,")
    print("as stored (raw) and gzip-compressed (level 6, as a web server sends them). Time to")
    print("interactive (TTI): from navigation start to the latest of the load event, the last code")
    print("block getting its copy button, and the end of the last long task (50 ms or more).")
    print(f"Targets for the lesson pages: at most {TARGET_NODES:,} nodes, {TARGET_GZIP // 1024} KB gzip, about")
    print(f"{TARGET_TTI_MS / 1000:.0f} s to interactive; a cell over its target is marked with a !.\n")
    print(
        f"| page | DOM nodes (≤ {TARGET_NODES:,}) | KB raw | KB gzip (≤ {TARGET_GZIP // 1024}) "
        f"| requests | maths assets KB | off-site requests | TTI ms (≈ {TARGET_TTI_MS:,}) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for page, weight in weights:
        maths = sum(raw for path, raw, _ in weight.fetched if path.startswith("assets/katex/"))
        lesson = page in LESSON_PAGES
        nodes = f"{weight.nodes:,}" + (" !" if lesson and weight.nodes > TARGET_NODES else "")
        packed = f"{weight.gzip / 1024:.0f}" + (" !" if lesson and weight.gzip > TARGET_GZIP else "")
        tti = f"{weight.tti_ms:,.0f}" + (" !" if lesson and weight.tti_ms > TARGET_TTI_MS else "")
        print(
            f"| {page} | {nodes} | {weight.raw / 1024:.0f} | {packed} | {weight.requests} "
            f"| {maths / 1024:.0f} | {weight.off_site} | {tti} |"
        )


def site_pages(site: Path) -> list[str]:
    folders = sorted(p.relative_to(site).parent for p in site.rglob("index.html") if "search" not in p.parts)
    return ["" if str(folder) == "." else f"{folder}/" for folder in folders]


def phone_speeds(site: Path) -> list[tuple[str, PhoneSpeed]] | None:
    """Every page's first visit on a throttled mid-range phone, as ``bench/page_weight.py`` says."""
    executable = chromium_path()
    if executable is None:
        return None
    with serve_gzip(site) as base, chromium(executable) as browser:
        return [(path.rstrip("/") or "(home)", measure_phone(browser, base, path)) for path in site_pages(site)]


def print_phone_speeds(speeds: list[tuple[str, PhoneSpeed]]) -> None:
    print(f"Empty browser cache; Chromium's own throttling: CPU {PHONE_CPU_SLOWDOWN}x slower, slow 4G (150 ms round")
    print(f"trip, 1.6 Mbit/s down, 750 kbit/s up), {PHONE_VIEWPORT[0]}-px viewport; files sent gzip-compressed.")
    print("FCP, LCP: first and largest contentful paint; TBT: total blocking time (long tasks' time")
    print("beyond 50 ms, after FCP); CLS: layout shift. A cell over its target is marked with a !.\n")
    print(
        f"| page | FCP ms (≤ {TARGET_FCP_MS:,}) | LCP ms (≤ {TARGET_LCP_MS:,}) | TBT ms (≤ {TARGET_TBT_MS}) "
        f"| CLS (≤ {TARGET_CLS}) |"
    )
    print("|---|---:|---:|---:|---:|")
    for page, speed in speeds:
        cells = [
            f"{speed.fcp_ms:,.0f}" + (" !" if speed.fcp_ms > TARGET_FCP_MS else ""),
            f"{speed.lcp_ms:,.0f}" + (" !" if speed.lcp_ms > TARGET_LCP_MS else ""),
            f"{speed.tbt_ms:,.0f}" + (" !" if speed.tbt_ms > TARGET_TBT_MS else ""),
            f"{speed.cls:.3f}" + (" !" if speed.cls > TARGET_CLS else ""),
        ]
        print(f"| {page} | " + " | ".join(cells) + " |")


def maths_cost(site: Path) -> list[tuple[str, int, int]]:
    """Per page: formulas, and the bytes their build-time KaTeX markup adds to the HTML."""
    from bs4 import BeautifulSoup

    rows = []
    for html in sorted(site.rglob("index.html")):
        formulas = BeautifulSoup(html.read_text(), "html.parser").select(".arithmatex")
        if formulas:
            page = str(html.parent.relative_to(site)) if html.parent != site else "(home)"
            rows.append((page, len(formulas), sum(len(str(formula)) for formula in formulas)))
    return rows


def snippet_times() -> list[tuple[str, float]]:
    """Run every lesson's snippets in page order, one thread, and time each one."""
    os.environ.update(REPRODUCIBLE_ENV)  # before numpy and scikit-learn load their maths libraries
    import matplotlib

    matplotlib.use("Agg")
    import torch

    torch.set_num_threads(1)
    rows = []
    for page in lesson_pages():
        run = run_lesson(page)
        rows += [
            (str(path.relative_to(SNIPPETS)), seconds) for path, seconds in zip(run.snippets, run.seconds, strict=True)
        ]
    return rows


def main() -> None:
    if sys.argv[1:2] == ["--phone"]:
        speeds = phone_speeds(Path(sys.argv[2]))
        if speeds is None:
            sys.exit("Chromium not found: install Debian's chromium")
        print_phone_speeds(speeds)
        return
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.exists():
                shutil.copy2(source, project / name)
        (project / "node_modules").symlink_to(ROOT / "node_modules")

        times = build_times(project)
        print_build_times(times)

        weights = page_weights(project / "site")
        print("\n## What a first visit of each page costs\n")
        if weights is None:
            print("(Chromium not found: install Debian's chromium to measure page weights)")
        else:
            print_page_weights(weights)
            print("\n## The same first visit on a mid-range phone\n")
            print_phone_speeds(phone_speeds(project / "site"))

        katex = ROOT / "node_modules" / "katex" / "dist"
        in_browser = sum((katex / name).stat().st_size for name in ("katex.min.js", "contrib/auto-render.min.js"))
        print("\n## Maths: rendered at build time, or in the browser?\n")
        print(f"In the browser, every page would first fetch {in_browser / 1024:.0f} KB of KaTeX JavaScript, then")
        print("lay the formulas out after loading (the text moves). Rendered at build time, the page fetches")
        print("no maths JavaScript; its HTML carries the formulas' markup instead:\n")
        print("| page | formulas | KB of KaTeX markup in the HTML |")
        print("|---|---:|---:|")
        for page, count, size in maths_cost(project / "site"):
            print(f"| {page} | {count} | {size / 1024:.0f} |")

    print_serve_times()
    print_suite_time()

    times = snippet_times()
    print("\n## Snippet run times (one thread, in page order, imports already done by earlier lessons)\n")
    print("| lesson | snippets | seconds in all | slowest snippet | its seconds |")
    print("|---|---:|---:|---|---:|")
    for lesson in sorted({name.split("/")[0] for name, _ in times}):
        mine = [(name, seconds) for name, seconds in times if name.startswith(f"{lesson}/")]
        slowest, most = max(mine, key=lambda row: row[1])
        flag = " (over 1 s)" if most > 1 else ""
        print(f"| {lesson} | {len(mine)} | {sum(s for _, s in mine):.2f} | {slowest} | {most:.2f}{flag} |")


if __name__ == "__main__":
    main()
