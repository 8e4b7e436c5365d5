"""Benchmark the site build and the pages' weight.

Prints, in one run:
- build times: cold (empty cache), warm (nothing changed), after editing one page, after editing one snippet;
- for each page, what the browser fetches (bytes, requests, of which maths assets and off-site requests);
- how long each snippet that trains a model runs, on one thread.

The build runs on a copy of the project in a temporary folder, so the source tree is never touched.
Usage: python bench/build.py  (needs the venv and node_modules that `make setup` installs; Chromium for page weights)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitebuild.browser import chromium, chromium_path, serve  # noqa: E402
from sitebuild.hook import ONE_THREAD  # noqa: E402
from sitebuild.lessons import SNIPPETS, lesson_pages, run_lesson  # noqa: E402

COPIED = ["mkdocs.yml", "docs", "snippets", "sitebuild", "overrides", "includes", "notebooks"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(project: Path) -> tuple[float, str]:
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
    return elapsed, f"{re.sub(r' [(].*[)]', '', summary)}; {notebooks} notebooks executed"


def build_times(project: Path) -> list[tuple[str, float, str]]:
    rows = [("cold (empty cache)", *build(project)), ("warm (nothing changed)", *build(project))]
    page = project / "docs" / "linear-regression.md"
    page.write_text(page.read_text() + "\nOne more sentence.\n")
    rows.append(("after editing one page", *build(project)))
    snippet = project / "snippets" / "linear_regression" / "plot_loss.py"
    snippet.write_text(snippet.read_text() + "# an edit\n")
    rows.append(("after editing one snippet", *build(project)))
    return rows


def page_weights(site: Path) -> list[tuple[str, int, int, int, int, int]] | None:
    executable = chromium_path()
    if executable is None:
        return None
    rows = []
    pages = sorted(p.relative_to(site).parent for p in site.rglob("index.html") if "search" not in p.parts)
    with serve(site) as base, chromium(executable) as browser:
        for page in pages:
            context = browser.new_context()
            tab = context.new_page()
            finished = []
            tab.on("requestfinished", lambda request, seen=finished: seen.append(request))
            url = base + (f"{page}/" if str(page) != "." else "")
            tab.goto(url, wait_until="networkidle")
            # Count every figure, also those a reader only loads when scrolling to them.
            tab.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
            tab.wait_for_function("Array.from(document.images).every(i => i.complete)")
            tab.wait_for_load_state("networkidle")
            fetched = [(request.url, _size(request)) for request in finished]
            context.close()
            total = sum(size for _, size in fetched)
            document = sum(size for fetched_url, size in fetched if fetched_url == url)
            maths = sum(size for fetched_url, size in fetched if "/assets/katex/" in fetched_url)
            off_site = sum(1 for fetched_url, _ in fetched if not fetched_url.startswith((base, "data:")))
            rows.append((str(page) if str(page) != "." else "(home)", document, total, len(fetched), maths, off_site))
    return rows


def _size(request) -> int:
    """Bytes on the wire for the response: headers and (possibly compressed) body."""
    sizes = request.sizes()
    return sizes["responseHeadersSize"] + sizes["responseBodySize"]


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
    for variable in ONE_THREAD:
        os.environ[variable] = "1"  # before numpy and scikit-learn load their maths libraries
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
        cold = times[0][1]
        print("## Build times\n")
        print("| build | seconds | share of cold | what ran |")
        print("|---|---:|---:|---|")
        for name, seconds, summary in times:
            print(f"| {name} | {seconds:.2f} | {seconds / cold:.2f} | {summary} |")

        weights = page_weights(project / "site")
        print("\n## What the browser fetches, per page\n")
        if weights is None:
            print("(Chromium not found: install Debian's chromium to measure page weights)")
        else:
            print("First visit, empty browser cache; the stylesheets, scripts, fonts and search index")
            print("are shared by all pages, so later pages fetch little more than their HTML and figures.\n")
            print("| page | HTML KB | KB fetched | requests | maths assets KB | off-site requests |")
            print("|---|---:|---:|---:|---:|---:|")
            for page, document, total, count, maths, off_site in weights:
                kilobytes = " | ".join(f"{size / 1024:.0f}" for size in (document, total))
                print(f"| {page} | {kilobytes} | {count} | {maths / 1024:.0f} | {off_site} |")

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
