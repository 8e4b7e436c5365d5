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

from conftest import DOCS, ROOT, SNIPPETS, lesson_pages, lesson_snippets, page_url
from sitebuild.notebooks import jupyter_anchor, make_notebook, notebook_path, serialize
from sitebuild.notebooks import main as notebooks_main

LESSONS = [DOCS / page for page in lesson_pages()]
COLAB_ALLOWED = {"torch", "numpy", "matplotlib", "sklearn"} | set(sys.stdlib_module_names)


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_committed_notebook_is_what_the_generator_makes(page):
    path = notebook_path(page)
    assert path.exists(), f"{path} is missing: run `python -m sitebuild.notebooks`"
    assert path.read_text() == serialize(make_notebook(page)), f"{path} is stale: run `python -m sitebuild.notebooks`"


def test_check_mode_reports_no_stale_notebook(capsys):
    assert notebooks_main(["--check"]) == 0, capsys.readouterr().out


MATERIAL_SYNTAX = {
    "admonition": re.compile(r"^\s*(!!!|\?\?\?)", re.M),
    "content tab": re.compile(r"^\s*===", re.M),
    "snippet include": re.compile(r"--8<--"),
    "annotate": re.compile(r"\{\s*\.annotate\s*\}"),
    "annotation marker": re.compile(r"#\s*\(\d+\)!"),
    "attribute list": re.compile(r"\{:?\s*[#.][\w-]+[^}]*\}"),
    "abbreviation": re.compile(r"^\*\[[^\]]+\]:", re.M),
    "link to a page": re.compile(r"\]\([^)]*\.md(#[^)]*)?\)"),
}


def _leftover_syntax(notebook: dict) -> list[str]:
    found = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        found += [f"{name} in {source[:80]!r}" for name, pattern in MATERIAL_SYNTAX.items() if pattern.search(source)]
    return found


def _without_targets(markdown: str) -> str:
    return re.sub(r"\]\([^)]*\)", "]", markdown)


def _snippet(path: str) -> str:
    return (SNIPPETS / path).read_text().rstrip("\n")


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_is_valid_and_holds_the_lessons_code_without_annotation_markers(page):
    notebook = nbformat.reads(notebook_path(page).read_text(), as_version=4)
    nbformat.validate(notebook)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    expected = [
        re.sub(r"#\s*\((\d+)\)!", r"# (\1)", path.read_text().rstrip("\n")) for path in lesson_snippets(page.name)
    ]
    assert code == expected


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_holds_the_whole_lesson_and_no_material_syntax(page):
    notebook = json.loads(notebook_path(page).read_text())
    assert _leftover_syntax(notebook) == []
    text = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    # every paragraph of the page's prose is in the notebook (the first line of each, as written)
    markdown = page.read_text()
    for paragraph in re.split(r"\n\s*\n", markdown):
        first = paragraph.strip().split("\n")[0].strip()
        if not first or first.startswith(("```", "!!!", "???", "===", "*[", "--8<--")) or "{" in first:
            continue
        assert _without_targets(first.lstrip("> ")) in _without_targets(text), f"{page.name}: missing: {first!r}"


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_links_point_at_sibling_notebooks_and_their_headings(page):
    notebook = json.loads(notebook_path(page).read_text())
    for cell in notebook["cells"]:
        for target in re.findall(r"\]\(([^)\s]+)\)", "".join(cell["source"])):
            if re.match(r"https?:", target) or cell["cell_type"] == "code":
                continue
            name, _, fragment = target.partition("#")
            sibling = notebook_path(page).parent / name if name else notebook_path(page)
            assert sibling.suffix == ".ipynb", f"{page.name}: {target}"
            assert sibling.is_file(), f"{page.name}: {target}"
            if fragment:
                headings = [
                    jupyter_anchor(line.lstrip("#"))
                    for c in json.loads(sibling.read_text())["cells"]
                    if c["cell_type"] == "markdown"
                    for line in "".join(c["source"]).splitlines()
                    if re.match(r"#{1,6} ", line)
                ]
                assert fragment in headings, f"{page.name}: {target}: no such heading"


FIXTURE_PAGE = """# A fixture lesson

Some prose with a formula $x^2$ and a [link to tensors](tensors.md#the-numpy-bridge){ .md-button }.

!!! info "Every output is real"
    Read the *outputs*.

## Code { #the-code }

```python exec="tensors/device_cpu.py"
```

=== "CPU"

    ```python exec="tensors/device_cpu.py"
    ```

=== "GPU"

    ```python exec="tensors/device_gpu.py"
    ```

    !!! note
        No GPU here.

```python exec="logistic_regression/train.py"
```

1. Clear the gradients.
2. Forward.
3. Loss.
4. Backward.
5. Step.

--8<-- "includes/abbreviations.md"

*[GPU]: Graphics processing unit

## Exercises

**Exercise 1.** Move a tensor to the GPU.

??? success "Solution to exercise 1"
    ```python exec="tensors/device_gpu.py"
    ```

    Explanation prose after the solution.
"""


def test_generator_turns_material_syntax_into_plain_notebook_markdown(tmp_path):
    page = tmp_path / "fixture.md"
    page.write_text(FIXTURE_PAGE)
    (tmp_path / "tensors.md").write_text((DOCS / "tensors.md").read_text())
    notebook = make_notebook(page)
    nbformat.validate(nbformat.from_dict(notebook))
    assert _leftover_syntax(notebook) == []
    cells = [(cell["cell_type"], "".join(cell["source"])) for cell in notebook["cells"]]
    code = [source for kind, source in cells if kind == "code"]
    assert code == [
        _snippet("tensors/device_cpu.py"),
        _snippet("tensors/device_cpu.py"),
        _snippet("tensors/device_gpu.py"),
        _snippet("logistic_regression/train.py")
        .replace("(1)!", "(1)")
        .replace("(2)!", "(2)")
        .replace("(3)!", "(3)")
        .replace("(4)!", "(4)")
        .replace("(5)!", "(5)"),
        _snippet("tensors/device_gpu.py"),
    ]
    markdown = "\n".join(source for kind, source in cells if kind == "markdown")
    assert "> **Every output is real**\n>\n> Read the *outputs*." in markdown
    assert "[link to tensors](tensors.ipynb#The-NumPy-bridge)" in markdown
    assert "## Code\n" in markdown
    assert "**CPU**" in markdown
    assert "**GPU**" in markdown
    assert "> **Note**\n>\n> No GPU here." in markdown
    assert "GPU]:" not in markdown
    assert "abbreviations" not in markdown
    train = [i for i, (kind, _) in enumerate(cells) if kind == "code"][3]
    assert cells[train + 1] == (
        "markdown",
        "Notes on the code above:\n\n1. Clear the gradients.\n2. Forward.\n3. Loss.\n4. Backward.\n5. Step.",
    )
    # the exercise, then its solution: the title as a quote, the code as a cell, the explanation quoted
    exercise = next(i for i, (_, source) in enumerate(cells) if "**Exercise 1.**" in source)
    assert cells[exercise][1].endswith("> **Solution to exercise 1**")
    assert cells[exercise + 1] == ("code", _snippet("tensors/device_gpu.py"))
    assert cells[exercise + 2] == ("markdown", "> Explanation prose after the solution.")


def test_generator_fails_loudly_on_a_link_to_a_missing_heading(tmp_path):
    page = tmp_path / "fixture.md"
    page.write_text('# Fixture\n\nSee [there](#nowhere).\n\n```python exec="tensors/device_cpu.py"\n```\n')
    with pytest.raises(ValueError, match="no heading #nowhere"):
        make_notebook(page)


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
