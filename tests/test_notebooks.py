"""Each lesson's notebook: generated from its snippets, never stale, runs top to bottom, linked from its lesson."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient

from conftest import DOCS, ROOT, lesson_pages, lesson_snippets, page_url
from sitebuild.notebooks import main as notebooks_main
from sitebuild.notebooks import make_notebook, notebook_path, serialize

LESSONS = [DOCS / page for page in lesson_pages()]
COLAB_ALLOWED = {"torch", "numpy", "matplotlib", "sklearn"} | set(sys.stdlib_module_names)


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_committed_notebook_is_what_the_generator_makes(page):
    path = notebook_path(page)
    assert path.exists(), f"{path} is missing: run `python -m sitebuild.notebooks`"
    assert path.read_text() == serialize(make_notebook(page)), f"{path} is stale: run `python -m sitebuild.notebooks`"


def test_check_mode_reports_no_stale_notebook(capsys):
    assert notebooks_main(["--check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_is_valid_and_holds_exactly_the_lessons_code(page):
    notebook = nbformat.reads(notebook_path(page).read_text(), as_version=4)
    nbformat.validate(notebook)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert code == [path.read_text().rstrip("\n") for path in lesson_snippets(page.name)]


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_imports_only_what_colab_has(page):
    notebook = json.loads(notebook_path(page).read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            for name in names:
                assert name.split(".")[0] in COLAB_ALLOWED, f"{page.stem}: imports {name}"


@pytest.mark.slow
@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_in_a_fresh_kernel(page, tmp_path):
    notebook = nbformat.reads(notebook_path(page).read_text(), as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.output_type == "error"]
    assert errors == []


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_lesson_links_its_notebook_download_and_colab(page, built_site):
    soup = BeautifulSoup((built_site / page_url(page.name) / "index.html").read_text(), "html.parser")
    download = soup.select_one(".notebook-links a[download]")
    assert download is not None
    served = (built_site / page_url(page.name) / download["href"]).resolve()
    assert served.read_bytes() == notebook_path(page).read_bytes()
    colab = soup.find("a", string="Open in Colab")["href"]
    match = re.fullmatch(r"https://colab\.research\.google\.com/github/([^/]+)/([^/]+)/blob/([^/]+)/(.+)", colab)
    assert match, colab
    assert (ROOT / match[4]).resolve() == notebook_path(page).resolve()


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_page_is_built_light_and_with_titled_figures(page, built_site):
    html = built_site / "notebooks" / page.stem / "index.html"
    assert html.stat().st_size < 1_000_000
    soup = BeautifulSoup(html.read_text(), "html.parser")
    assert not soup.select(".jp-OutputArea-output pre:-soup-contains('Traceback')")
    for img in soup.select(".jp-OutputArea-output img"):
        assert img["alt"] != "No description has been provided for this image"


@pytest.mark.slow
def test_a_failing_cell_fails_the_build_naming_notebook_and_cell(tmp_path, cpu_env):
    (tmp_path / "docs" / "notebooks").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Notebook failure\nplugins:\n  - mkdocs-jupyter:\n      execute: true\n      allow_errors: false\n"
    )
    cells = [nbformat.v4.new_code_cell("print(1)"), nbformat.v4.new_code_cell("raise ValueError('the second cell')")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), tmp_path / "docs" / "notebooks" / "broken.ipynb")
    build = [sys.executable, "-m", "mkdocs", "build"]
    result = subprocess.run(build, cwd=tmp_path, capture_output=True, text=True, env=cpu_env, check=False)
    assert result.returncode != 0
    assert "notebooks/broken.ipynb" in result.stderr
    assert "raise ValueError('the second cell')" in result.stderr
