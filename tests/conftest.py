"""Shared fixtures: run a lesson's snippets the way a reader would, and build the site once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sitebuild.lessons import REPRODUCIBLE_ENV

os.environ.update(REPRODUCIBLE_ENV)  # as in the build, before numpy and torch load their maths libraries

import matplotlib

matplotlib.use("Agg")

import pytest
import torch
from filelock import FileLock

from bench.browser import chromium, chromium_path, serve
from sitebuild.lessons import DOCS, ROOT, SNIPPETS, LessonRun, lesson_pages, lesson_snippets, run_lesson

__all__ = ["DOCS", "ROOT", "SNIPPETS", "lesson_pages", "lesson_snippets"]  # for the test modules

torch.set_num_threads(1)  # as in the build

# The latest run of the whole suite, for the benchmark (`make bench` reports it beside its target).
SUITE_TIME = ROOT / ".cache" / "test-suite-time.json"


# Seconds of setup, call and teardown per test file, summed over every worker (the controller hears them all).
SECONDS_BY_FILE: dict[str, float] = {}


def pytest_sessionstart(session):
    session.started = time.time()


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "built_site" in fixtures:  # `make check` leaves these out: they wait for the whole site's build
            item.add_marker(pytest.mark.site)
        if "lesson" in fixtures:  # one worker runs each lesson once, for every test that reads it
            item.add_marker(pytest.mark.xdist_group("lessons"))
        page = getattr(item, "callspec", None) and item.callspec.params.get("page")
        if page and item.get_closest_marker("browser") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(f"page-{page}"))  # each view of a page opened once


def pytest_runtest_logreport(report):
    file = report.nodeid.split("::")[0]
    SECONDS_BY_FILE[file] = SECONDS_BY_FILE.get(file, 0.0) + report.duration


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    whole = config.args == config.getini("testpaths") and not config.option.keyword and not config.option.markexpr
    if hasattr(config, "workerinput") or not whole:
        return  # an xdist worker, or a part of the suite
    SUITE_TIME.parent.mkdir(exist_ok=True)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    counts = {outcome: len(reporter.stats.get(outcome, [])) for outcome in ("passed", "failed", "xfailed", "skipped")}
    record = {
        "seconds": round(time.time() - session.started, 1),
        "exit status": int(exitstatus),
        **counts,
        "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "seconds by file": {file: round(seconds, 1) for file, seconds in sorted(SECONDS_BY_FILE.items())},
    }
    SUITE_TIME.write_text(json.dumps(record) + "\n")


@pytest.fixture(scope="session")
def lesson():
    """``lesson("linear-regression.md")`` runs that page's snippets once per test session."""
    runs: dict[str, LessonRun] = {}

    def get(page: str) -> LessonRun:
        if page not in runs:
            runs[page] = run_lesson(page)
        return runs[page]

    return get


@pytest.fixture(scope="module")
def run(lesson, request) -> LessonRun:
    """The lesson named by the test module's ``PAGE``, run once."""
    return lesson(request.module.PAGE)


@pytest.fixture(scope="module")
def ns(run) -> dict:
    """The names the test module's lesson defined."""
    return run.namespace


@pytest.fixture(scope="session")
def split():
    """The digits' train/test split and scaling of the logistic-regression lesson's three parts,
    recomputed here without the lessons' code: (X_train, X_test, y_train, y_test)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data, digits.target, test_size=0.2, stratify=digits.target, random_state=0
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


@pytest.fixture(scope="session")
def cpu_env() -> dict:
    """Environment for child processes: one thread, like the build (which picks its own matplotlib backends)."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    return {**env, **REPRODUCIBLE_ENV}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id, cpu_env) -> Path:
    """The whole site, built once per test run as ``make build`` builds it: ``mkdocs build --strict``,
    then the offline copy zipped into it (``python -m sitebuild offline``).

    Under pytest-xdist every worker asks for it; the first builds it, under a file lock, into a
    folder all workers share, and the others read that build.
    """
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    site, failure = shared / "site", shared / "site-build-failed.txt"
    with FileLock(shared / "site.lock"):
        if not site.is_dir() and not failure.exists():
            for step in (["mkdocs", "build", "--strict", "--site-dir", str(site)], ["sitebuild", "offline", str(site)]):
                result = subprocess.run(
                    [sys.executable, "-m", *step], cwd=ROOT, capture_output=True, text=True, env=cpu_env, check=False
                )
                if result.returncode != 0:
                    break
            if result.returncode != 0:
                shutil.rmtree(site, ignore_errors=True)
                failure.write_text(result.stderr[-5000:])
    if failure.exists():
        pytest.fail(
            f"the site's build (mkdocs build --strict, then its offline copy) failed:\n{failure.read_text()}",
            pytrace=False,
        )
    return site


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's chromium (apt-get install -y chromium) to run the browser tests"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_executable):
    with chromium(chromium_executable) as opened:
        yield opened


@pytest.fixture(scope="session")
def layout(browser, site_url, built_site):
    """``layout(page, viewport, scheme)``: the page opened once per test session (and worker) at that size and
    colour scheme, as tests/views.py describes; every browser test module reads the same views."""
    from views import views

    return views(browser, site_url, built_site)


def broken_images(tab, selector: str = "img") -> list[str]:
    """The sources of the images ``selector`` finds that do not load and decode.

    Each is loaded into a fresh, eager image: figures load lazily, and a hidden colour scheme's
    never, so waiting for the page's own images may never end.
    """
    return tab.evaluate(
        """selector => Promise.all([...new Set(Array.from(document.querySelectorAll(selector), i => i.src))]
            .map(src => new Promise(done => {
                const probe = new Image();
                probe.onload = () => done(probe.naturalWidth ? null : src);
                probe.onerror = () => done(src);
                probe.src = src;
            }))).then(all => all.filter(Boolean))""",
        selector,
    )


def page_url(page: str) -> str:
    """The site path MkDocs gives a page: ``tensors.md`` -> ``tensors/``, ``index.md`` -> ``""``."""
    stem = page.removesuffix(".md").removesuffix(".ipynb")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def all_pages() -> list[str]:
    """Every page of the site: the Markdown pages and the notebooks."""
    return sorted(str(p.relative_to(DOCS)) for pattern in ("*.md", "*.ipynb") for p in DOCS.rglob(pattern))
