"""Each lesson's notebook: generated from its snippets, never stale, runs top to bottom, linked from its lesson."""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from nbclient import NotebookClient
from views import acted, in_view

from conftest import DOCS, ROOT, SNIPPETS, lesson_pages, lesson_snippets, page_url
from sitebuild.notebook_pages import collapsed_solutions, display_maths_out_of_paragraphs
from sitebuild.notebooks import (
    ONE_THREAD,
    jupyter_anchor,
    make_notebook,
    notebook_path,
    notebook_site_url,
    serialize,
    with_outputs,
    with_site_url,
)
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
    assert code == [ONE_THREAD, *expected]  # first, one thread, as the build runs the snippets
    assert "torch.set_num_threads(1)" in code[0]
    assert max(len(line) for line in code[0].splitlines()) <= 79


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


# A Markdown link's target, which may hold balanced parentheses (``#Stopping-the-gradient-with-detach()``).
LINK_TARGET = re.compile(r"\]\(((?:[^()\s]|\([^()\s]*\))+)\)")


def _link_targets(notebook: dict) -> list[str]:
    return [
        target
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown"
        for target in re.findall(LINK_TARGET, "".join(cell["source"]))
    ]


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_links_point_at_the_published_pages_and_its_own_headings(page, built_site):
    """Links to other lessons go to their pages on the site (``site_url``'s default), so that they work
    in Colab and in a notebook downloaded alone; a link to a heading of the lesson stays in the notebook."""
    notebook = json.loads(notebook_path(page).read_text())
    site = notebook_site_url()
    headings = [
        jupyter_anchor(line.lstrip("#"))
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if re.match(r"#{1,6} ", line)
    ]
    targets = _link_targets(notebook)
    assert targets, f"{page.name}: no links"
    for target in targets:
        path, _, fragment = target.partition("#")
        if not path:
            assert fragment in headings, f"{page.name}: {target}: no such heading"
        elif path.startswith(site):
            html = built_site / path.removeprefix(site) / "index.html"
            assert html.is_file(), f"{page.name}: {target}: no such page"
            if fragment:
                assert fragment in _ids(html), f"{page.name}: {target}: no such heading"
        else:  # another website
            assert re.match(r"https://", target), f"{page.name}: {target}: a link a downloaded notebook cannot follow"


def test_served_notebooks_link_to_the_builds_site_url():
    notebook = make_notebook(DOCS / "tensors.md")
    moved = with_site_url(notebook, "https://example.org/course/")
    assert notebook_site_url() != "https://example.org/course/"
    before, after = _link_targets(notebook), _link_targets(moved)
    assert [t.replace(notebook_site_url(), "https://example.org/course/", 1) for t in before] == after
    assert any(t.startswith("https://example.org/course/gradients/#") for t in after)
    assert with_site_url(notebook, notebook_site_url()) == notebook


FIXTURE_PAGE = """# A fixture lesson

Some prose with a formula $x^2$ and a [link to tensors](tensors.md#the-numpy-bridge){ .md-button }.
A formula broken over two lines, $a +
b$, is joined.

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

```python exec="classifying_digits/train.py"
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
    notebook = make_notebook(page, "https://example.org/course/")
    nbformat.validate(nbformat.from_dict(notebook))
    assert _leftover_syntax(notebook) == []
    cells = [(cell["cell_type"], "".join(cell["source"])) for cell in notebook["cells"]]
    code = [source for kind, source in cells if kind == "code"]
    assert code == [
        ONE_THREAD,
        _snippet("tensors/device_cpu.py"),
        _snippet("tensors/device_cpu.py"),
        _snippet("tensors/device_gpu.py"),
        _snippet("classifying_digits/train.py")
        .replace("(1)!", "(1)")
        .replace("(2)!", "(2)")
        .replace("(3)!", "(3)")
        .replace("(4)!", "(4)")
        .replace("(5)!", "(5)"),
        _snippet("tensors/device_gpu.py"),
    ]
    markdown = "\n".join(source for kind, source in cells if kind == "markdown")
    assert "two lines, $a + b$, is joined" in markdown
    assert "> **Every output is real**\n>\n> Read the *outputs*." in markdown
    assert "[link to tensors](https://example.org/course/tensors/#the-numpy-bridge)" in markdown
    assert "## Code\n" in markdown
    assert "**CPU**" in markdown
    assert "**GPU**" in markdown
    assert "> **Note**\n>\n> No GPU here." in markdown
    assert "GPU]:" not in markdown
    assert "abbreviations" not in markdown
    train = [i for i, (kind, _) in enumerate(cells) if kind == "code"][4]  # after the one-thread cell
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


def _served_notebook(built_site, page) -> dict:
    return json.loads((built_site / "notebooks" / page.stem / f"{page.stem}.ipynb").read_text())


def _stdout(cell) -> str:
    return "".join(
        o["text"] if isinstance(o["text"], str) else "".join(o["text"])
        for o in cell["outputs"]
        if o["output_type"] == "stream" and o["name"] == "stdout"
    )


def test_with_outputs_needs_one_result_per_code_cell():
    notebook = make_notebook(LESSONS[0])
    with pytest.raises(ValueError, match="code cells"):
        with_outputs(notebook, [])


def test_mkdocs_jupyter_renders_without_executing():
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.plugins["mkdocs-jupyter"].config["execute"] is False


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_served_notebook_is_the_committed_one_with_the_builds_outputs(page, built_site, lesson):
    served = _served_notebook(built_site, page)
    bare = json.loads(json.dumps(served))
    for cell in bare["cells"]:
        if cell["cell_type"] == "code":
            cell.update(execution_count=None, outputs=[])
    assert serialize(bare) == notebook_path(page).read_text()
    run = lesson(page.name)
    setup, *code = [cell for cell in served["cells"] if cell["cell_type"] == "code"]
    assert "".join(setup["source"]) == ONE_THREAD
    assert setup["outputs"] == []
    assert [_stdout(cell) for cell in code] == run.outputs
    figures = [[o for o in cell["outputs"] if "image/svg+xml" in o.get("data", {})] for cell in code]
    assert [len(f) for f in figures] == run.figures


@pytest.mark.slow
@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_in_a_fresh_kernel_printing_what_the_build_printed(
    page, built_site, tmp_path, monkeypatch
):
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(variable, "1")  # as in the build; the kernel inherits the environment
    monkeypatch.delenv("MPLBACKEND", raising=False)
    notebook = nbformat.reads(notebook_path(page).read_text(), as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    served = [c for c in _served_notebook(built_site, page)["cells"] if c["cell_type"] == "code"]
    ran = [c for c in notebook.cells if c.cell_type == "code"]
    for number, (theirs, ours) in enumerate(zip(ran, served, strict=True), start=1):
        assert _stdout(theirs) == _stdout(ours), f"{page.stem}: code cell {number} printed other output"


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_lesson_links_its_notebook(page, built_site):
    soup = BeautifulSoup((built_site / page_url(page.name) / "index.html").read_text(), "html.parser")
    download = soup.select_one(".notebook-links a[download]")
    assert download is not None
    served = (built_site / page_url(page.name) / download["href"]).resolve()
    assert served == (built_site / "notebooks" / page.stem / f"{page.stem}.ipynb").resolve()
    assert_colab_links(soup, page)


def assert_colab_links(soup, page, repository=None, branch="main"):
    """No Colab button and no repository link unless SITE_REPO_URL names a repository."""
    repository = repository or os.environ.get("SITE_REPO_URL")
    colab = soup.find("a", string="Open in Colab")
    if not repository:
        assert colab is None
        assert soup.select_one(".md-source") is None
        return
    branch = os.environ.get("SITE_REPO_BRANCH", branch) if repository == os.environ.get("SITE_REPO_URL") else branch
    assert soup.select_one(".md-source")["href"] == repository
    owner_name = repository.removeprefix("https://github.com/").strip("/")
    in_repo = notebook_path(page).relative_to(ROOT).as_posix()
    assert colab["href"] == f"https://colab.research.google.com/github/{owner_name}/blob/{branch}/{in_repo}"


def _notebook_page(built_site, page) -> Path:
    return built_site / "notebooks" / page.stem / "index.html"


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_page_is_light_with_figure_files_and_buttons(page, built_site, lesson):
    html = _notebook_page(built_site, page)
    # The lesson's prose, maths (KaTeX's HTML) and glossary terms, in Jupyter's cell markup: little more.
    lesson_size = (built_site / page_url(page.name) / "index.html").stat().st_size
    assert html.stat().st_size <= 1.25 * lesson_size, f"{html}: {html.stat().st_size // 1024} KB of HTML"
    text = html.read_text()
    soup = BeautifulSoup(text, "html.parser")
    assert "data:image" not in text
    assert not soup.select(".jp-OutputArea-output pre:-soup-contains('Traceback')")
    assert not soup.body.find_all("style")
    images = soup.select(".jp-OutputArea-output img")
    assert len(images) == sum(lesson(page.name).figures)
    for img in images:
        assert img["src"].endswith(".svg")
        assert (html.parent / img["src"]).resolve().is_file()
        assert img["alt"] != "No description has been provided for this image"
    lesson_page = BeautifulSoup((built_site / page_url(page.name) / "index.html").read_text(), "html.parser")
    lesson_alts = {img["alt"] for img in lesson_page.select("img.snippet-figure")}
    assert {img["alt"] for img in images} <= lesson_alts
    download = soup.select_one(".notebook-links a[download]")
    assert (html.parent / download["href"]).resolve() == html.parent / f"{page.stem}.ipynb"
    assert_colab_links(soup, page)
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def dead_links(html: Path) -> list[str]:
    """The links of a built page, other than to other websites, that lead to no file or no such heading.

    A link to a folder (``../tensors/``) leads to its ``index.html``, as a web server serves it.
    """
    dead = []
    soup = BeautifulSoup(html.read_text(), "html.parser")
    for link in soup.select("a[href]"):
        href = link["href"]
        if re.match(r"[a-z][a-z0-9+.-]*:", href):  # https:, mailto:, javascript:
            continue
        path, _, fragment = href.partition("#")
        target = (html.parent / path).resolve() if path else html
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            dead.append(f"{href}: no such file")
        elif fragment and target.suffix == ".html" and fragment not in _ids(target):
            dead.append(f"{href}: no such heading")
    return dead


@functools.cache
def _ids(html: Path) -> set[str]:
    return {tag["id"] for tag in BeautifulSoup(html.read_text(), "html.parser").find_all(id=True)}


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_page_links_lead_to_the_sites_pages(page, built_site):
    html = _notebook_page(built_site, page)
    soup = BeautifulSoup(html.read_text(), "html.parser")
    content = [a["href"] for a in soup.select(".jp-Notebook a[href]")]
    assert not [href for href in content if href.startswith(("http://127.0.0.1", notebook_site_url()))]
    assert dead_links(html) == []


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_each_cell_input_and_output_takes_keyboard_focus(page, built_site):
    soup = BeautifulSoup(_notebook_page(built_site, page).read_text(), "html.parser")
    parts = soup.select(".jp-Notebook div.jp-Cell-inputWrapper, .jp-Notebook div.jp-OutputArea-output")
    assert len(parts) > 10
    assert [part for part in parts if part.get("tabindex") != "0"] == []


def test_notebook_pages_pass_the_nu_html_checker(built_site):
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert jar.is_file(), f"{jar} is missing: run `npm ci`"
    pages = [str(_notebook_page(built_site, page)) for page in LESSONS]
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "gnu", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    assert result.stderr.strip() == ""


def test_display_maths_leaves_its_paragraph():
    marked = '<p>Before <span class="arithmatex">\\[x^2\\]</span> after</p>'
    assert display_maths_out_of_paragraphs(marked) == (
        '<p>Before</p>\n<div class="arithmatex">\\[x^2\\]</div>\n<p>after</p>'
    )


def _article(html: Path):
    return BeautifulSoup(html.read_text(), "html.parser").select_one("article")


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_page_draws_its_maths_with_katex_like_its_lesson(page, built_site):
    """KaTeX's HTML, drawn with KaTeX's stylesheet and fonts, and its MathML for screen readers: every formula
    of the lesson, none left to the browser's own MathML layout (which misplaces the prime of f'(x))."""
    notebook = _article(_notebook_page(built_site, page))
    formulas = notebook.select(".katex")
    assert len(formulas) == len(_article(built_site / page_url(page.name) / "index.html").select(".katex")) > 0
    assert [
        f for f in formulas if not (f.select_one(":scope > .katex-html") and f.select_one(".katex-mathml math"))
    ] == []
    stylesheets = [link["href"] for link in notebook.find_parent("html").select("link[rel=stylesheet]")]
    assert any(href.endswith("assets/katex/katex.min.css") for href in stylesheets)


def _terms(article) -> set[tuple[str, str]]:
    return {(abbr.get_text(), abbr["title"]) for abbr in article.select("abbr[title]")}


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_page_shows_the_lessons_glossary_terms_one_tab_stop_per_term_and_section(page, built_site):
    """The lesson's glossary terms, with the same definitions, in the notebook's prose (not its code or maths);
    in each section (heading to heading) the first occurrence outside a link is the term's one tab stop."""
    notebook = _article(_notebook_page(built_site, page))
    assert _terms(notebook) == _terms(_article(built_site / page_url(page.name) / "index.html")) != set()
    assert notebook.select("pre abbr, code abbr, .katex abbr, .jp-OutputArea abbr") == []
    sections: list[list] = [[]]
    for tag in notebook.find_all(["abbr", "h1", "h2", "h3", "h4", "h5", "h6"]):
        if tag.name == "abbr":
            sections[-1].append(tag)
        else:
            sections.append([])
    for terms in sections:
        focusable = [abbr["title"] for abbr in terms if abbr.get("tabindex") == "0"]
        assert len(focusable) == len(set(focusable)), f"{page.stem}: a term with two tab stops in one section"
        outside_links = {abbr["title"] for abbr in terms if abbr.find_parent("a") is None}
        assert set(focusable) == outside_links
    assert notebook.select("a abbr[tabindex]") == []


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.stem)
def test_notebook_page_collapses_each_solution_like_its_lesson(page, built_site):
    """Each exercise's solution, its code and the prose after it, in a closed box titled as on the lesson page;
    the downloaded notebook keeps them as plain cells."""
    notebook = _article(_notebook_page(built_site, page))
    lesson = _article(built_site / page_url(page.name) / "index.html")
    solutions = notebook.select("details.success")
    titles = [d.summary.get_text(strip=True) for d in lesson.select("details.success") if "Solution" in d.summary.text]
    assert [d.summary.get_text(strip=True) for d in solutions] == titles != []
    for box, lesson_box in zip(solutions, lesson.select("details.success"), strict=True):
        assert not box.has_attr("open")
        assert len(box.select(".highlight-ipynb")) == len(lesson_box.select(".snippet-code")) > 0
        last_words = lesson_box.select("p")[-1].get_text(" ", strip=True)[-40:]
        assert last_words in box.get_text(" ", strip=True), f"{page.stem}: the solution's prose is not in its box"
    assert not [q for q in notebook.select("blockquote") if "Solution to exercise" in q.get_text()]
    assert "<details" not in (_notebook_page(built_site, page).parent / f"{page.stem}.ipynb").read_text()


CELL = '<div class="jp-Cell jp-{kind}Cell jp-Notebook-cell" id="{id}"><div class="jp-Cell-inputWrapper" tabindex="0">'
MARKDOWN = (
    '<div class="jp-InputArea jp-Cell-inputArea"><div class="jp-RenderedMarkdown" data-mime-type="text/markdown">'
)


def _cell(kind: str, cell_id: str, body: str) -> str:
    inner = MARKDOWN + body if kind == "Markdown" else f"<div><div><pre>{body}</pre>"
    return CELL.format(kind=kind, id=cell_id) + inner + "</div></div></div></div>"


def test_solution_boxes_hold_the_code_and_the_quoted_prose_after_it():
    title = "<blockquote><p><strong>Solution to exercise {}</strong></p></blockquote>"
    page = "".join(
        [
            _cell("Markdown", "m1", "<p>Exercise 1.</p>" + title.format(1)),
            _cell("Code", "c1", "one()"),
            _cell("Markdown", "m2", "<blockquote><p>Why one.</p></blockquote><p>Exercise 2.</p>" + title.format(2)),
            _cell("Code", "c2", "two()"),
            _cell("Markdown", "m3", "<p>Exercise 3.</p>" + title.format(3)),
            _cell("Code", "c3", "three()"),
            _cell("Markdown", "m4", "<blockquote><p>Why three.</p></blockquote>"),
        ]
    )
    soup = BeautifulSoup(collapsed_solutions(page), "html.parser")
    boxes = soup.select("details.success")
    assert [box.summary.get_text() for box in boxes] == [f"Solution to exercise {n}" for n in (1, 2, 3)]
    assert [box.get_text(" ", strip=True) for box in boxes] == [
        "Solution to exercise 1 one() Why one.",
        "Solution to exercise 2 two()",  # no prose after its code: the next cell is the exercise's
        "Solution to exercise 3 three() Why three.",
    ]
    assert [p.get_text() for p in soup.select("details + div .jp-RenderedMarkdown > p")] == [
        "Exercise 2.",
        "Exercise 3.",
    ]
    assert soup.select("blockquote") == []
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


# Each display formula of a notebook page: wider than its box or not, drawn whole within its cell (which
# hides what overflows it), and the cue the lesson pages give a wide formula (snippets.css).
FORMULAS_IN_CELLS = """() => Array.from(document.querySelectorAll(".jp-Notebook div.arithmatex")).map(display => {
    const style = getComputedStyle(display), box = display.getBoundingClientRect();
    const cell = display.closest(".jp-InputArea").getBoundingClientRect();
    return {
        text: display.textContent.slice(0, 50), wide: display.scrollWidth > display.clientWidth,
        inCell: box.left >= cell.left - 0.5 && box.right <= cell.right + 0.5,
        cue: ["auto", "scroll"].includes(style.overflowX) && style.backgroundImage.split("gradient").length > 4
            && style.backgroundAttachment.includes("local") && style.scrollbarWidth !== "none",
    };
})"""


def _formula_problems(stem: str, formulas: list[dict]) -> list[str]:
    problems = []
    for formula in formulas:
        if not formula["inCell"]:
            problems.append(f"{stem}: {formula['text']!r} is cut off by its cell")
        if formula["wide"] and not formula["cue"]:
            problems.append(f"{stem}: {formula['text']!r} is wider than its cell, with no cue")
    return problems


@in_view(("desktop", "light"))
def notebook_formulas(tab, page, site):
    return tab.evaluate(FORMULAS_IN_CELLS) if page.startswith("notebooks/") else None


@pytest.mark.browser
@pytest.mark.parametrize("page", [f"notebooks/{page.stem}.ipynb" for page in LESSONS])
def test_notebook_page_formula_fits_its_cell_on_a_desktop(layout, page):
    """As on the lesson pages (test_browser.py), with the scrolling box and its shadows inside the cell."""
    formulas = acted(layout(page, "desktop", "light"), notebook_formulas)
    assert _formula_problems(Path(page).stem, formulas) == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_notebook_page_formula_wider_than_its_cell_on_a_phone_shows_that_it_continues(browser, site_url):
    """As on a desktop, on a 390-px phone, where some formulas are wider than the column."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab, problems, wide = context.new_page(), [], 0
    try:
        for page in LESSONS:
            tab.goto(f"{site_url}notebooks/{page.stem}/", wait_until="load")
            formulas = tab.evaluate(FORMULAS_IN_CELLS)
            wide += sum(formula["wide"] for formula in formulas)
            problems += _formula_problems(page.stem, formulas)
    finally:
        context.close()
    assert problems == []
    assert wide > 0
