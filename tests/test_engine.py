"""The build-time snippet engine, on small throw-away projects: rendered in-process through a bare
``markdown.Markdown`` (``Project.render``), and with ``mkdocs build`` where the plugin is the subject."""

from __future__ import annotations

import contextlib
import random
import re
import shutil
import textwrap
import time
from pathlib import Path

import markdown
import numpy as np
import pytest
import torch
from engine_project import ROOT, Project, figures, ran

from sitebuild.directives import DirectiveError, fence_for, find_directives, render


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)


# --- directives: pure functions -------------------------------------------------------------


def test_find_directives_gives_paths_and_lines_including_indented_ones():
    page = textwrap.dedent(
        """\
        # Title

        ```python exec="a/one.py"
        ```

        === "Tab"

            ```python exec="a/two.py"
            ```
        """
    )
    found = find_directives(page)
    assert [(d.path, d.line, d.indent) for d in found] == [("a/one.py", 3, ""), ("a/two.py", 8, "    ")]


def test_an_annotation_list_stays_with_the_code_and_the_output_follows_it():
    page = '```python exec="a/model.py"\n```\n\n1.  The first note.\n2.  The second note.\n\nAfter.\n'
    (directive,) = find_directives(page)
    assert directive.annotations == "1.  The first note.\n2.  The second note."
    block = render(directive, "x = 1  # (1)!\n", "printed\n", [])
    assert block.index("2.  The second note.") < block.index("printed")
    assert page[directive.end :] == "\n\nAfter.\n"


def test_fence_is_longer_than_any_backtick_run_in_the_output():
    assert fence_for("plain") == "```"
    assert fence_for("a ```` b") == "`````"


# --- the engine, in-process: each page through a bare markdown.Markdown ------------------------


@pytest.mark.slow
def test_output_figures_and_escaping(project):
    project.write(
        "snippets/demo/show.py",
        """\
        import matplotlib.pyplot as plt


        def report():
            print("from a function: <script>alert(1)</script>")


        report()
        fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        ax.set_title("A falling line")
        plt.show()
        """,
    )
    project.page("demo/show.py", before="# Page\n\nInline $a^2 + b^2$.\n\n")
    page = project.render(katex=True).html()
    assert "from a function: &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert 'alt="A falling line"' in page
    assert 'class="katex"' in page
    svgs = list((project.path / "docs" / "assets" / "figures").glob("*.svg"))
    assert len(svgs) == 2  # light and dark
    assert all("<dc:date>" not in svg.read_text() for svg in svgs)


@pytest.mark.slow
def test_snippets_on_a_page_share_a_namespace_in_order(project):
    project.write("snippets/demo/first.py", "numbers = [1, 2, 3]\n")
    project.write("snippets/demo/second.py", "print(sum(numbers))\n")
    project.page("demo/first.py", "demo/second.py")
    assert "<code>6\n</code>" in project.render().html()


def test_every_page_starts_from_seed_0_in_random_numpy_and_torch(project):
    draws = """\
        import random

        import numpy as np
        import torch

        print(f"{random.random():.6f} {np.random.rand():.6f} {torch.rand(1).item():.6f}")
        """
    seeded = torch.Generator().manual_seed(0)  # this process's own generators stay as they are
    drawn = f"{random.Random(0).random():.6f} {np.random.RandomState(0).rand():.6f} "
    drawn += f"{torch.rand(1, generator=seeded).item():.6f}"
    # A page that meets torch only through a module of the project, built alone (the worker is
    # given no snippet that imports torch itself) ...
    project.write("snippets/demo/drawing.py", draws)
    project.write("snippets/demo/through_a_module.py", "import drawing  # noqa: F401\n")
    project.write("snippets/demo/draws.py", draws)
    project.page("demo/through_a_module.py")
    assert f"<code>{drawn}\n</code>" in project.render().html()
    # ... and a page that imports torch itself, the only page run in the next build.
    project.write("docs/other.md", '# Other\n\n```python exec="demo/draws.py"\n```\n')
    built = project.render()
    assert built.executed == ["demo/draws.py"]
    assert f"<code>{drawn}\n</code>" in built.html("other.md")


@pytest.mark.slow
def test_a_raising_snippet_fails_the_build_naming_page_snippet_and_line(project):
    """Through ``mkdocs build``: the plugin counts the front matter MkDocs strips, and no page is written."""
    project.write("snippets/demo/ok.py", "print('fine')\n")
    project.write("snippets/demo/broken.py", "value = 1\n\nraise ValueError('no good')\n")
    project.page("demo/ok.py", "demo/broken.py", before="---\ntitle: Page\n---\n# Page\n\n")
    result = project.build()
    assert result.returncode != 0
    assert "docs/index.md:9:" in result.stderr  # the fence's line, front matter included
    assert "snippets/demo/broken.py:3" in result.stderr
    assert "ValueError: no good" in result.stderr
    assert not (project.path / "site" / "index.html").exists()


@pytest.mark.slow
def test_a_missing_snippet_fails_the_build(project):
    project.page("demo/nowhere.py")
    error = project.fails()
    assert "docs/index.md:3" in error
    assert "snippet file not found: snippets/demo/nowhere.py" in error


@pytest.mark.slow
def test_a_snippet_past_the_timeout_fails_the_build(project):
    project.write("snippets/demo/slow.py", "import time\n\ntime.sleep(60)\n")
    project.page("demo/slow.py")
    started = time.monotonic()
    error = project.fails(timeout=2)
    assert time.monotonic() - started < 45
    assert "snippets/demo/slow.py: did not finish within 2 s" in error


@pytest.mark.slow
def test_a_figure_without_a_title_fails_the_build(project):
    project.write("snippets/demo/plot.py", "import matplotlib.pyplot as plt\n\nplt.plot([1, 2])\n")
    project.page("demo/plot.py")
    assert "a figure has no title" in project.fails()


@pytest.mark.slow
def test_a_formula_katex_rejects_fails_the_build_with_its_line(project):
    """Through ``mkdocs build``: under MkDocs the plugin renders the formulas (after the search plugin)."""
    project.write("docs/index.md", "# Page\n\nFine $x$.\n\nBroken $\\frac{1}{$ here.\n")
    result = project.build()
    assert result.returncode != 0
    assert "docs/index.md: KaTeX cannot render" in result.stderr
    assert "line 5" in result.stderr


@pytest.mark.slow
def test_snippets_run_outside_the_source_tree(project):
    project.write("snippets/demo/writes.py", "from pathlib import Path\n\nPath('written.txt').write_text('x')\n")
    project.page("demo/writes.py")
    before = sorted(p for p in project.path.rglob("*") if ".cache" not in p.parts and "site" not in p.parts)
    project.render()
    after = sorted(p for p in project.path.rglob("*") if ".cache" not in p.parts and "site" not in p.parts)
    assert after == before


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(project):
    project.write(
        "snippets/demo/random_plot.py",
        """\
        import matplotlib.pyplot as plt
        import torch

        torch.manual_seed(0)
        points = torch.randn(50, 2)
        print(points.mean(dim=0))
        fig, ax = plt.subplots()
        ax.scatter(points[:, 0], points[:, 1])
        ax.set_title("Random points")
        plt.show()
        """,
    )
    project.page("demo/random_plot.py")
    pages, drawn = [], []
    for cache in ("cache-a", "cache-b"):
        shutil.rmtree(project.path / "docs" / "assets", ignore_errors=True)  # each build writes its own
        pages.append(project.render(cache_dir=str(project.path / cache)).html())
        drawn.append(figures(project))
    assert pages[0] == pages[1]
    assert len(drawn[0]) == 2
    assert drawn[0] == drawn[1]


@pytest.mark.slow
def test_cache_hits_invalidation_forced_rerun_and_pruning(project):
    project.write("snippets/demo/data.txt", "3\n")
    project.write("snippets/demo/helper.py", "def double(n):\n    return 2 * n\n")
    project.write("snippets/demo/first.py", "start = 3\nprint(start)\n")
    project.write("snippets/demo/second.py", "print(start + 1)\n")
    # importlib, not an import statement: the worker preloads torch (3 s) for a page that imports a module of
    # its own by statement, which might import torch; each of the six builds below would wait for it.
    project.write(
        "snippets/demo/reads.py",
        "import importlib\n\nhelper = importlib.import_module('helper')\n"
        "print(helper.double(int(open(helper.__file__.replace('helper.py', 'data.txt')).read())))\n",
    )
    project.page("demo/first.py", "demo/second.py", "demo/reads.py")
    everything = ["demo/first.py", "demo/second.py", "demo/reads.py"]

    cold = project.render(prune=True)
    assert (cold.shown, cold.executed, cold.pruned) == (3, everything, 0)
    warm = project.render(prune=True)
    assert (warm.shown, warm.executed, warm.pruned) == (3, [], 0)
    assert warm.html() == cold.html()

    # Editing the second snippet re-runs it and the one after it (it shares their namespace),
    # but reports nothing new for the first, and the old entries become stale.
    project.write("snippets/demo/second.py", "print(start + 2)\n")
    edited = project.render(prune=True)
    assert (edited.executed, edited.pruned) == (["demo/second.py", "demo/reads.py"], 2)
    assert "<code>5\n</code>" in edited.html()

    # A data file or a local module the snippet read invalidates it.
    project.write("snippets/demo/data.txt", "10\n")
    read = project.render(prune=True)
    assert read.executed == ["demo/reads.py"]
    assert "<code>20\n</code>" in read.html()
    project.write("snippets/demo/helper.py", "def double(n):\n    return n + n + 1\n")
    imported = project.render(prune=True)
    assert imported.executed == ["demo/reads.py"]
    assert "<code>21\n</code>" in imported.html()

    forced = project.render(rerun="1")
    assert (forced.shown, forced.executed) == (3, everything)


@pytest.mark.slow
def test_the_plugin_reports_what_ran_how_long_and_what_it_pruned(project):
    """Through ``mkdocs build``: the plugin's summary lines, which the benchmark and a maintainer read."""
    project.write("snippets/demo/first.py", "start = 3\nprint(start)\n")
    project.write("snippets/demo/second.py", "print(start + 1)\n")
    project.write("snippets/demo/third.py", "print(start + 2)\n")
    project.page("demo/first.py", "demo/second.py", "demo/third.py")

    cold = project.build()
    assert cold.returncode == 0, cold.stderr
    assert "3 shown, 3 run" in ran(cold)
    # The time split the benchmark reads: the worker's imports, and each page that ran.
    assert re.search(r"timing: snippets [\d.]+ s \(the worker's imports [\d.]+ s\), maths", cold.stderr)
    assert re.search(r"snippets by page: index\.md [\d.]+ s\n", cold.stderr)

    warm = project.build()
    assert "3 shown, 0 run" in ran(warm)
    assert "snippets by page" not in warm.stderr

    project.write("snippets/demo/second.py", "print(start + 2)\n")
    edited = project.build()
    assert "2 run (demo/second.py, demo/third.py), 2 stale cache entries removed" in ran(edited)
    assert "<code>5\n</code>" in project.html()


def test_a_snippet_run_again_only_for_the_namespace_keeps_its_cached_figures_unsaved(project, tmp_path):
    """Editing a later snippet re-runs the earlier ones to rebuild the namespace; their figures come
    from the cache, so they are not drawn and saved again (each save draws the figure)."""
    draws = tmp_path / "draws.txt"
    project.write(
        "snippets/demo/plot.py",
        f"""\
        import matplotlib.pyplot as plt
        from matplotlib.text import Text


        class Counted(Text):
            def draw(self, renderer):
                with open({str(draws)!r}, "a") as log:
                    log.write("drawn\\n")
                super().draw(renderer)


        fig, ax = plt.subplots()
        ax.set_title("A counted figure")
        ax.add_artist(Counted(0.5, 0.5, "x"))
        """,
    )
    project.write("snippets/demo/after.py", "print(1)\n")
    project.page("demo/plot.py", "demo/after.py")
    project.render()
    saved = draws.read_text().count("drawn")
    assert saved > 0

    project.write("snippets/demo/after.py", "print(2)\n")
    edited = project.render()
    assert edited.executed == ["demo/after.py"]
    assert draws.read_text().count("drawn") == saved  # plot.py ran again, its figure was not saved again
    assert "<code>2\n</code>" in edited.html()
    assert edited.html().count('alt="A counted figure"') == 2  # light and dark, from the cache


def test_the_up_front_maths_scan_reads_formulas_as_arithmatex_writes_them():
    """The build renders the formulas found by ``formulas_in_markdown`` in one batch before the pages:
    it must read each formula exactly as the rendered page will hold it, or the batch misses it."""
    import markdown

    from sitebuild.katex import ARITHMATEX, _formula, formulas_in_markdown

    page = textwrap.dedent(
        r"""
        Inline $a^2 + b^2$ and one over a line break, $H = \tanh(X W^\top +
        \mathbf b)$, not `$code$`.

        $$
        \begin{aligned}
        f(x) &= A x + B, \\
        g(x) &= C f(x) .
        \end{aligned}
        $$

        !!! note "Inside an admonition"
            The slope $m$:

            $$
            m = \frac{y_2 - y_1}{x_2 - x_1} .
            $$

        ```python
        price = "$5 and $6"
        ```
        """
    )
    converter = markdown.Markdown(
        extensions=["admonition", "pymdownx.superfences", "pymdownx.arithmatex"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    written = [_formula(match) for match in ARITHMATEX.finditer(converter.convert(page))]
    assert len(written) == 5
    assert formulas_in_markdown(page) == written


# --- exec fences, read as the Markdown reads them; the extension in a bare markdown.Markdown -----


def test_fences_inside_an_example_block_or_an_html_comment_are_not_run():
    page = textwrap.dedent(
        """\
        ````markdown
        ```python exec="demo/example.py"
        ```
        ````

        <!--
        ```python exec="demo/commented.py"
        ```
        -->

        ```python exec="demo/real.py"
        ```
        """
    )
    assert [(d.path, d.line) for d in find_directives(page)] == [("demo/real.py", 11)]


@pytest.mark.parametrize(
    ("fence", "says"),
    [
        ("```python exec='demo/a.py'\n```", "an exec fence is written"),
        ('```py exec="demo/a.py"\n```', "an exec fence is written"),
        ('``` python exec="demo/a.py"\n```', "an exec fence is written"),
        ('~~~python exec="demo/a.py"\n~~~', "an exec fence is written"),
        ('````python exec="demo/a.py"\n````', "an exec fence is written"),
        ('```python exec="demo/a.py" title="A"\n```', "an exec fence is written"),
        ('```python exec="demo/a.py"\nprint(1)\n```', "must be empty"),
        ('```python exec="demo/a.py"\n', "never closed"),
    ],
)
def test_anything_that_looks_like_an_exec_fence_but_is_not_one_fails_naming_its_line(fence, says):
    with pytest.raises(DirectiveError, match=says) as raised:
        find_directives(f"# Page\n\n{fence}\n\nAfter.\n")
    assert raised.value.line == 3


@contextlib.contextmanager
def _markdown(tmp_path: Path, **options):
    """The engine's extension in a bare Markdown instance, on a project at ``tmp_path``; its worker
    closed after (a page is run when the extension meets it: no run step first, no page name)."""
    from sitebuild.extension import SnippetExtension

    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    extension = SnippetExtension(root=str(tmp_path), katex=False, **options)
    try:
        yield markdown.Markdown(extensions=["pymdownx.superfences", extension])
    finally:
        if extension.engine is not None:
            extension.engine.runner.close()


def test_the_extension_alone_renders_code_output_and_stderr(tmp_path):
    (tmp_path / "snippets" / "demo").mkdir(parents=True)
    (tmp_path / "snippets" / "demo" / "hello.py").write_text(
        "import sys\nprint('hi <b>')\nsys.stderr.write('warned')\n"
    )
    with _markdown(tmp_path) as converter:
        html = converter.convert('# Page\n\n```python exec="demo/hello.py"\n```\n')
    assert "print" in html
    assert "hi &lt;b&gt;" in html
    assert "Standard error (stderr)" in html
    assert "warned" in html


def test_the_extension_alone_fails_on_a_malformed_fence_or_shows_it(tmp_path):
    page = '# Page\n\n```py exec="demo/hello.py"\n```\n'
    with _markdown(tmp_path) as converter, pytest.raises(Exception, match=r"a page:3: an exec fence is written"):
        converter.convert(page)
    (tmp_path / "shown").mkdir()
    with _markdown(tmp_path / "shown", on_error="show") as converter:
        html = converter.convert(page)
    assert "Build error" in html
    assert "an exec fence is written" in html
