"""``python -m sitebuild run | finish SITE | offline SITE``: the engine's steps, outside MkDocs.

- ``run``: run every page's snippets into the cache, the pages in parallel, and write their
  figures under the docs directory (what a site generator then renders from);
- ``finish SITE``: put KaTeX's assets into the built site and tidy its search index;
- ``offline SITE``: build the offline copy and ship it, zipped, in the built site.

The settings are those of the ``sitebuild.extension`` entry of ``mkdocs.yml`` (``-f`` another file).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path

from sitebuild.directives import find_directives
from sitebuild.engine import Engine
from sitebuild.execution import SnippetError
from sitebuild.settings import Settings, SettingsError

EXTENSION = "sitebuild.extension"


def settings_from(config_file: Path) -> Settings:
    """The extension's settings as ``mkdocs.yml`` gives them (``!ENV`` and ``INHERIT`` resolved)."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as stream:
        config = yaml_load(stream)
    options = {}
    for entry in config.get("markdown_extensions") or []:
        if entry == EXTENSION or (isinstance(entry, dict) and EXTENSION in entry):
            options = dict((entry[EXTENSION] if isinstance(entry, dict) else None) or {})
    options.setdefault("root", str(config_file.resolve().parent))
    options.setdefault("docs_dir", config.get("docs_dir", "docs"))
    return Settings.from_options(options)


def run(settings: Settings) -> int:
    engine = Engine(settings)
    try:
        engine.run_all(engine.lesson_pages())
    finally:
        engine.runner.close()
    for page, outcome in engine.results.items():
        if isinstance(outcome, SnippetError):
            line = getattr(outcome, "line", None)
            if getattr(outcome, "index", None) is not None:
                line = find_directives((settings.docs_path / page).read_text())[outcome.index].line
            print(f"{settings.docs_dir}/{page}:{line}: {outcome}", file=sys.stderr)
            return 1
    shown = sum(len(s) for s in engine.snippets.values())
    print(f"sitebuild run: {shown} snippets shown, {len(engine.runner.executed)} run, {engine.seconds:.2f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild", description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run every page's snippets into the cache")
    for name in ("finish", "offline"):
        commands.add_parser(name, help=f"the {name} step on a built site").add_argument("site", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    try:
        settings = settings_from(args.config_file)
    except SettingsError as error:
        parser.exit(2, f"{error}\n")
    if args.command == "run":
        return run(settings)
    if args.command == "finish":
        from sitebuild.finish import finish_site
        from sitebuild.katex import KatexRenderer

        finish_site(args.site, KatexRenderer(settings.root_path, settings.cache_path), [])
        return 0
    from sitebuild.offline import ship_zip

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))  # its temporary folder goes too
    ship_zip(settings.root_path, args.site, settings.cache_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
