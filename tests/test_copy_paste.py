"""The promise to readers: paste a lesson's code blocks, in order, into a fresh Python and get the page's output."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import lesson_pages, lesson_snippets, page_url


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


@pytest.mark.slow
@pytest.mark.parametrize("page", lesson_pages())
def test_pasted_code_prints_what_the_page_shows(page, built_site, tmp_path, cpu_env):
    program = "\n\n".join(path.read_text() for path in lesson_snippets(page))
    script = tmp_path / "lesson.py"
    script.write_text(program)
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**cpu_env, "MPLBACKEND": "Agg"},  # plt.show() draws nothing, as on a headless machine
        check=False,
    )
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((built_site / page_url(page) / "index.html").read_text(), "html.parser")
    shown = "\n".join(block.get_text() for block in soup.select(".snippet-output code"))
    assert _lines(result.stdout) == _lines(shown)
