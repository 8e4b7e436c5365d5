"""The engine's settings: one place, each with its default, its check and its help text.

They are the options of the Markdown extension in ``mkdocs.yml``::

    markdown_extensions:
      - sitebuild.extension:
          timeout: !ENV [SNIPPETS_TIMEOUT, 120]

so an environment variable overrides one through ``!ENV``. ``python -m sitebuild run`` reads the
same entry of ``mkdocs.yml``.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, fields
from pathlib import Path


class SettingsError(ValueError):
    """A setting with a value the engine cannot use; the message names the setting."""


def _seconds(value) -> float:
    seconds = float(value)
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError
    return seconds


def _positive_int(value) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError
    number = int(value)
    if number < 1:
        raise ValueError
    return number


def _jobs(value) -> int:
    return os.cpu_count() or 1 if value in (None, "", 0, "0") else _positive_int(value)


def _pages(value) -> str:
    return "" if value in (None, 0, False) else str(value).strip()


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1", "yes"):
        return True
    if str(value).lower() in ("false", "0", "no", ""):
        return False
    raise ValueError


def _error_mode(value) -> str:
    if value not in ("raise", "show"):
        raise ValueError
    return value


def _option(default, check, help_text: str, variable: str = ""):
    """A setting; ``variable``: the environment variable mkdocs.yml reads it from (``!ENV``), for messages."""
    return field(default=default, metadata={"check": check, "help": help_text, "variable": variable})


@dataclass(frozen=True)
class Settings:
    root: str = _option(".", str, "the project's root: snippets/ and node_modules/ are found there")
    docs_dir: str = _option("docs", str, "the pages, relative to the root; figures go to <docs_dir>/assets/figures")
    cache_dir: str = _option(
        ".cache", str, "where results are cached, relative to the root (outside docs and snippets)", "SITE_CACHE_DIR"
    )
    timeout: float = _option(120.0, _seconds, "seconds one snippet may run before the build fails", "SNIPPETS_TIMEOUT")
    max_output: int = _option(
        1_000_000, _positive_int, "bytes one snippet may write to stdout and stderr together", "SNIPPETS_MAX_OUTPUT"
    )
    jobs: int = _option(0, _jobs, "pages whose snippets run at once (0: one per CPU)", "SNIPPETS_JOBS")
    rerun: str = _option(
        "", _pages, "'1' runs every snippet again; page names (tensors.md,...) run those pages again", "SNIPPETS_RERUN"
    )
    katex: bool = _option(True, _flag, "render the formulas with KaTeX (a postprocessor)")
    on_error: str = _option("raise", _error_mode, "'raise' fails the build; 'show' puts the error in the page")

    @classmethod
    def from_options(cls, options: dict) -> Settings:
        """Checked settings from the extension's options (unknown names are an error too)."""
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise SettingsError(f"sitebuild.extension: unknown option {unknown[0]!r}; known: {', '.join(known)}")
        values = {}
        for name, known_field in known.items():
            value = options.get(name, known_field.default)
            try:
                values[name] = known_field.metadata["check"](value)
            except (TypeError, ValueError):
                variable = known_field.metadata["variable"]
                where = f" (from {variable})" if variable else ""
                raise SettingsError(
                    f"sitebuild.extension: {name}={value!r}{where} is not valid: {known_field.metadata['help']}"
                ) from None
        settings = cls(**values)
        settings.check_cache_dir()
        return settings

    @classmethod
    def help(cls) -> dict:
        """Python-Markdown's form of an extension's config: name -> [default, help text]."""
        return {f.name: [f.default, f.metadata["help"]] for f in fields(cls)}

    @property
    def root_path(self) -> Path:
        return Path(self.root).resolve()

    @property
    def docs_path(self) -> Path:
        return self.root_path / self.docs_dir

    @property
    def cache_path(self) -> Path:
        return (self.root_path / self.cache_dir).resolve()

    @property
    def rerun_all(self) -> bool:
        return self.rerun == "1"

    @property
    def rerun_pages(self) -> set[str]:
        if self.rerun in ("", "1"):
            return set()
        return {page.strip() for page in self.rerun.split(",") if page.strip()}

    def check_cache_dir(self) -> None:
        cache = self.cache_path
        for sources in (self.docs_path.resolve(), self.root_path / "snippets"):
            if cache.is_relative_to(sources) or sources.is_relative_to(cache):
                raise SettingsError(
                    f"cache_dir (SITE_CACHE_DIR) {cache} would mix the cache with the sources in {sources}: "
                    "choose a folder of its own, outside them (the default is .cache beside mkdocs.yml)"
                )
