"""The offline copy of the site: a zip a reader opens straight from disk.

``make offline`` builds it alone (into ``site-offline/``); ``make build`` (and the tests' site) also
ship it, as ``downloads/pytorch-first-principles-offline.zip`` in the built site, linked from the
home page: ``python -m sitebuild offline site/`` builds the copy from ``mkdocs-offline.yml`` into a
temporary folder, with the same caches (so nothing runs again), and zips it. The zip is kept in
the cache under a hash of the built site, so a build that changes nothing reuses it. A plain
``mkdocs build`` or ``mkdocs serve`` makes no copy: the home page's link then leads to a short
text that says how to make one.

The offline build (``mkdocs-offline.yml`` with ``SITE_OFFLINE=true``, which turns on Material's
``offline`` plugin) differs from the site in three ways, all needed for ``file://``:

- pages are files (``gradients.html``), not folders, which a browser would show as listings;
- no instant navigation: it loads pages with ``fetch``, which ``file://`` forbids;
- Material's search runs in a Web Worker, which Chromium will not start from a ``file://`` URL;
  the offline plugin would load a stand-in from unpkg.com, which an offline reader cannot reach,
  so ``file_worker.js`` (this project's own) is shipped in the copy instead.

The sitebuild plugin calls the ``on_*`` functions here from its own events.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.sitebuild.offline")
ZIP = "downloads/pytorch-first-principles-offline.zip"
FOLDER = "pytorch-first-principles"  # the folder the zip unpacks into
CONFIG = "mkdocs-offline.yml"
WORKER = "assets/javascripts/iframe-worker-local.js"  # "iframe-worker" in the name: the plugin adds none of its own
WORKER_SOURCE = Path(__file__).with_name("file_worker.js")
# No use offline: the sitemap (which holds the build date) and the 404 page (which no link reaches,
# and which loads its assets from site_url's path) are for a web server.
NOT_ZIPPED = re.compile(r"(^|/)sitemap\.xml(\.gz)?$|\.map$|^404\.html$")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SERVE_NOTE = b"The offline copy is made by `make build` or `make offline`, not by `mkdocs build` or `serve`.\n"


def is_offline(config) -> bool:
    """Whether this is the offline build (Material's offline plugin on)."""
    return any(isinstance(plugin, OfflinePlugin) and plugin.config.enabled for plugin in config.plugins.values())


def on_config(config):
    if is_offline(config):
        config.theme["features"] = [f for f in config.theme["features"] if f != "navigation.instant"]
        config.extra["polyfills"] = [WORKER]
    return config


def on_files(files, config):
    if is_offline(config):
        files.append(File.generated(config, WORKER, abs_src_path=str(WORKER_SOURCE)))
    else:
        # So that the home page's link resolves; the real zip replaces it after the build.
        files.append(File.generated(config, ZIP, content=SERVE_NOTE))
    return files


def on_page_markdown(markdown, page, config):
    if is_offline(config) and page.file.src_uri == "index.md":
        # The copy does not hold itself: drop the line that links the zip.
        return "\n".join(line for line in markdown.split("\n") if ZIP not in line)
    return markdown


def ship_zip(root: Path, site: Path, cache_dir: Path) -> None:
    """Put the offline copy of the site just built in ``site`` into it, as ``ZIP``.

    The zip is kept in ``cache_dir``/offline under a hash of the site; anything there that is not
    a zip (a damaged file) is a miss.
    """
    cache = cache_dir / "offline"
    cached = cache / f"{_fingerprint(site, root)}.zip"
    if cached.is_file() and zipfile.is_zipfile(cached):
        log.info("offline copy: unchanged, %s reused", ZIP)
    else:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="site-offline-") as tmp:
            built = Path(tmp) / FOLDER
            build_offline(root, built, cache_dir)
            cache.mkdir(parents=True, exist_ok=True)
            write_zip(built, cached)
        for old in cache.glob("*.zip"):
            if old != cached:
                old.unlink()
        size = cached.stat().st_size // 1024
        log.info("offline copy: built %s (%d KB) in %.2f s", ZIP, size, time.monotonic() - started)
    (site / ZIP).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, site / ZIP)


def build_offline(root: Path, site_dir: Path, cache_dir: Path) -> None:
    """Build the offline copy of the project at ``root`` into ``site_dir``, with the caches in ``cache_dir``."""
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(root / CONFIG), "-d", str(site_dir)],
        cwd=root,
        env={**os.environ, "SITE_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1", "SITE_CACHE_DIR": str(cache_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_end_with_parent,
    )
    try:
        _, stderr = build.communicate()
    finally:
        if build.poll() is None:  # stopped (Ctrl-C, SIGTERM): the build ends before its folder is removed
            build.terminate()
            build.wait()
    if build.returncode != 0:
        raise PluginError(f"the offline copy ({CONFIG}) failed to build:\n{stderr[-3000:]}")


PR_SET_PDEATHSIG = 1  # prctl(2)


def _end_with_parent() -> None:
    """In the offline build's process: be sent SIGTERM when the process that started it ends, even
    killed (kill -9), instead of building on alone (prctl's PR_SET_PDEATHSIG)."""
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def write_zip(site_dir: Path, target: Path) -> None:
    """Zip ``site_dir`` into one folder, the same bytes for the same files: sorted, fixed times and modes."""
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    partial = target.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for path in files:
            name = path.relative_to(site_dir).as_posix()
            if NOT_ZIPPED.search(name):
                continue
            info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(target)


def _fingerprint(site: Path, root: Path) -> str:
    """A hash of what the offline copy is built from: the built site, and the offline build's own files."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if name == ZIP or NOT_ZIPPED.search(name):
            continue
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    for own in (root / CONFIG, Path(__file__), WORKER_SOURCE):
        digest.update(own.read_bytes())
    return digest.hexdigest()[:32]
