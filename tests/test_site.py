"""The built site: every snippet shows what it really printed, links resolve, nothing is fetched off-site."""

from __future__ import annotations

import ast
import doctest
import html
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import DOCS, ROOT, SNIPPETS, all_pages, lesson_pages, lesson_snippets, page_url
from sitebuild.search_index import CODE_COMMENT


@pytest.fixture(scope="module")
def site(built_site) -> dict[str, BeautifulSoup]:
    """Every HTML file of the built site, parsed, keyed by its path in the site."""
    return {
        str(path.relative_to(built_site)): BeautifulSoup(path.read_text(), "html.parser")
        for path in built_site.rglob("*.html")
    }


def html_path(page: str) -> str:
    return page_url(page) + "index.html"


def test_every_page_is_built(site):
    for page in all_pages():
        assert html_path(page) in site, f"docs/{page} was not built"


@pytest.mark.parametrize("page", lesson_pages())
def test_each_snippet_shows_its_code_what_it_printed_and_its_figures(site, lesson, page):
    """The promise to readers: paste a lesson's code blocks in order into a fresh Python and get what the
    page shows. ``lesson`` runs them so, in another process than the build's, with other seeds in the
    random generators; so this also proves the build's results reproduce, figures byte for byte."""
    soup = site[html_path(page)]
    run = lesson(page)
    names = [str(p.relative_to(SNIPPETS)) for p in run.snippets]
    assert [b["data-snippet"] for b in soup.select(".snippet-code")] == names
    for name, path, printed, figures in zip(names, run.snippets, run.outputs, run.figure_files, strict=True):
        code = soup.select_one(f'.snippet-code[data-snippet="{name}"] code').get_text()
        assert code.rstrip() == path.read_text().rstrip(), f"{path}: the page does not show the file"
        output = soup.select_one(f'.snippet-output[data-snippet="{name}"] code')
        if printed.strip():
            assert output is not None, f"{path}: printed output is missing from the page"
            assert output.get_text().rstrip() == printed.rstrip(), f"{path}: the page shows other output"
        else:
            assert output is None
        images = soup.select(f'img[data-snippet="{name}"]')
        shown = [Path(img["src"].split("#")[0]).name for img in images]
        assert shown == [Path(file).name for file in figures], f"{path}: the page shows other figures"


SVG_SIZE = re.compile(r'<svg [^>]*width="([\d.]+)pt" height="([\d.]+)pt" viewBox="([^"]+)"')


def test_each_figure_is_the_same_size_light_and_dark(site, built_site):
    """The dark copy is the light one restyled: the page gives both one width and height, so their
    drawings must be one size too, or the dark one is squeezed into the light one's box."""
    pairs = 0
    for path, soup in site.items():
        for light in soup.select("img.snippet-figure"):
            following = light.parent.find_next_sibling("a", class_="snippet-figure-link")
            dark = following.find("img", class_="snippet-figure-dark") if following else None
            assert dark is not None, f"{path}: {light['data-snippet']} has no dark copy"
            sizes = [
                SVG_SIZE.search((built_site / path).parent.joinpath(img["src"].split("#")[0]).read_text()).groups()
                for img in (light, dark)
            ]
            assert sizes[0] == sizes[1], f"{path}: {light['data-snippet']} is {sizes[0]} light, {sizes[1]} dark"
            pairs += 1
    # Every dark copy was paired; how many figures each snippet made is checked against a run above.
    assert pairs == sum(len(soup.select("img.snippet-figure-dark")) for soup in site.values()) > 0


def test_no_page_shows_a_traceback(site):
    for name, soup in site.items():
        assert "Traceback (most recent call last)" not in soup.get_text(), name


def _local_target(site_root: Path, page: str, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    base = site_root if parts.path.startswith("/") else (site_root / page).parent  # 404.html uses site_url paths
    target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else site_root / page
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_internal_links_and_anchors_resolve(site, built_site):
    problems = []
    for name, soup in site.items():
        for tag, attr in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for element in soup.find_all(tag, attrs={attr: True}):
                url = element[attr]
                if urlsplit(url).scheme or url.startswith("//"):
                    continue
                target, fragment = _local_target(built_site, name, url)
                if not target.exists():
                    problems.append(f"{name}: {tag} {url} -> missing {target}")
                elif fragment and target.suffix == ".html":
                    key = str(target.relative_to(built_site))
                    if key in site and site[key].find(id=fragment) is None:
                        problems.append(f"{name}: {url} -> no anchor #{fragment}")
    assert not problems, "\n".join(problems)


def test_nothing_is_loaded_from_another_host(site):
    """Links to other sites are fine; stylesheets, scripts, images and fonts must be local."""
    loads = [("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src")]
    for name, soup in site.items():
        for tag, attr in loads:
            for element in soup.find_all(tag, attrs={attr: True}):
                if tag == "link" and not {"stylesheet", "preload", "icon", "manifest"} & set(element.get("rel", [])):
                    continue
                url = element[attr]
                assert urlsplit(url).scheme not in ("http", "https"), f"{name}: {url}"
                assert not url.startswith("//"), f"{name}: {url}"


def test_stylesheets_load_no_remote_fonts(built_site):
    for css in built_site.rglob("*.css"):
        remote = re.findall(r"url\((['\"]?)(https?:)?//", css.read_text())
        assert not remote, f"{css} loads from another host"


def test_every_image_has_alt_text(site):
    for name, soup in site.items():
        for img in soup.find_all("img"):
            assert img.get("alt", "").strip(), f"{name}: {img}"


def test_every_formula_is_rendered(site):
    for name, soup in site.items():
        assert not soup.select(".katex-error"), name
        for math in soup.select(".arithmatex"):
            assert math.select_one(".katex"), f"{name}: unrendered formula {math.get_text()[:60]!r}"
        for code in soup.select("pre, code, script, style, .clipboard-copy-txt"):  # the last: notebook code
            code.decompose()
        text = soup.get_text()
        for delimiter in ("\\(", "\\[", "$$"):
            assert delimiter not in text, f"{name}: leftover maths delimiter {delimiter}"
        assert not re.search(r"(?<!\\)\$[^$\s][^$]*\$", text), f"{name}: leftover $...$"


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            modules.add(".")
    return modules


@pytest.mark.parametrize("page", lesson_pages())
def test_snippets_import_no_module_the_page_does_not_show(page):
    """A reader copying the page has only what it shows, so no snippet may import a sibling file."""
    local = {p.stem for p in SNIPPETS.rglob("*.py")} | {p.name for p in SNIPPETS.iterdir() if p.is_dir()} | {"."}
    for path in lesson_snippets(page):
        assert not _imported_modules(path) & local, f"{path} imports a local module"


def test_every_snippet_file_is_shown_on_some_page():
    shown = {path for page in lesson_pages() for path in lesson_snippets(page)}
    unused = sorted(str(p.relative_to(SNIPPETS)) for p in SNIPPETS.rglob("*.py") if p not in shown)
    assert not unused, f"snippets no page embeds: {unused}"


def test_docs_have_no_pasted_output_blocks():
    """Outputs come from the build: a page must not carry a hand-written output block."""
    for page in DOCS.rglob("*.md"):
        assert 'title="Output"' not in page.read_text(), page


OUTPUT_COLUMNS = 79  # what Material's code column shows on a desktop, as for the snippets' code


def _fresh(built_site: Path, page: str) -> BeautifulSoup:
    """The page parsed anew: other tests strip code out of the shared ``site`` soups."""
    return BeautifulSoup((built_site / html_path(page)).read_text(), "html.parser")


def test_every_output_line_fits_the_code_column(built_site):
    too_long = []
    for page in lesson_pages():
        for output in _fresh(built_site, page).select(".snippet-output"):
            for number, line in enumerate(output.select_one("code").get_text().splitlines(), start=1):
                if len(line) > OUTPUT_COLUMNS:
                    where = f"docs/{page}: snippets/{output['data-snippet']}: Output line {number}"
                    too_long.append(f"{where} has {len(line)} characters: {line!r}")
    if too_long:
        heading = f"{len(too_long)} Output lines are wider than {OUTPUT_COLUMNS} characters:"
        pytest.fail("\n".join([heading, *too_long]), pytrace=False)


@pytest.fixture(scope="module")
def search_index(built_site) -> list[dict]:
    return json.loads((built_site / "search" / "search_index.json").read_text())["docs"]


def test_the_search_index_holds_no_raw_tex(search_index):
    """Formulas are indexed as plain text: no ``\\(``, ``\\[`` or ``\\frac`` outside code."""
    raw = []
    for doc in search_index:
        prose = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", doc["text"], flags=re.DOTALL)
        for text in (doc["title"], prose):
            raw += [f"{doc['location']}: {m[0]!r}" for m in re.finditer(r"\\[([]|\\[A-Za-z]+|\$\$", text)]
    assert not raw, "TeX in the search index:\n" + "\n".join(raw[:40])


# A TeX command name left in the text: glued to the symbol after it (boldsymbolδ), or opening a
# bracket's content ((cdot j)); prose may name a symbol ("nabla f", "sqrt 2") or say "fraction".
NAMES = r"(?:boldsymbol|mathbf|mathbb|mathrm|operatorname|frac|cdot|ldots|dots|sqrt|nabla|partial|[lr]floor)"
TEX_NAMES = re.compile(rf"(?<![A-Za-z]){NAMES}(?=[^\x00-\x7f]|[A-Z0-9])|[(_^]{NAMES}\b")
COMBINING = "\u0300-\u036f\u20d0-\u20ff"


def test_the_search_previews_hold_no_tex_names_or_stray_accents(search_index):
    """No TeX command left as a word (``boldsymbolδ``), no accent on nothing or on a space, no ``\\dots``
    read as an s with a dot (``ṡ``)."""
    found = []
    for doc in search_index:
        prose = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", doc["text"], flags=re.DOTALL)
        for text in (doc["title"], prose):
            found += [f"{doc['location']}: {m[0]!r}" for m in TEX_NAMES.finditer(text)]
            found += [f"{doc['location']}: {m[0]!r}" for m in re.finditer(rf"(?:^|[^\w])[{COMBINING}]|ṡ", text)]
    assert not found, "TeX debris in the search previews:\n" + "\n".join(found[:40])


def test_a_table_reads_row_by_row_in_the_search_previews(built_site, search_index):
    """Each row of every indexed page's tables is a line of its own in the preview, its cells in order,
    joined by " · " (a formula's cell matches whatever plain text it became), not one run-on line."""
    rows_by_page: dict[str, list[str]] = {}
    for doc in search_index:
        items = re.findall(r"<li>(.*?)</li>", doc["text"], flags=re.DOTALL)
        rows_by_page.setdefault(doc["location"].split("#")[0], []).extend(
            html.unescape(re.sub(r"<[^>]+>", "", item)) for item in items
        )
    missing, tables = [], 0
    for page, rows in rows_by_page.items():
        page_html = (built_site / page / "index.html").read_text()
        for table in BeautifulSoup(page_html, "html.parser").select("article table") if "<table" in page_html else []:
            tables += 1
            for tr in table.select("tr"):
                cells = []
                for cell in tr.select("th, td"):
                    for maths in cell.select(".arithmatex"):
                        maths.replace_with("\0")
                    text = " ".join(cell.get_text().split())
                    cells += [".+?".join(re.escape(part) for part in text.split("\0"))] if text else []
                if not any(re.fullmatch(" · ".join(cells), row) for row in rows):
                    missing.append(f"{page or 'index'}: {' | '.join(tr.stripped_strings)[:100]}")
    assert tables >= 10, f"only {tables} tables on the indexed pages"
    assert not missing, f"{len(missing)} table rows are not a line of their own in the search index:\n" + "\n".join(
        missing[:20]
    )


def test_search_words_end_at_punctuation(built_site):
    """Search splits the text into words with the index's separator; a word never keeps a comma or a colon,
    so a suggestion reads "softmax", not "softmax,"."""
    separator = json.loads((built_site / "search" / "search_index.json").read_text())["config"]["separator"]
    words = [w for w in re.split(separator, "softmax, sigmoid: cross-entropy (loss) x.grad 0.5") if w]
    assert words == ["softmax", "sigmoid", "cross", "entropy", "loss", "x", "grad", "0.5"]


def test_the_search_index_leaves_code_blocks_out_but_keeps_inline_code(search_index):
    """Every page fetches the index: code blocks and Outputs stay out of it; prose and inline code stay in."""
    with_blocks = [doc["location"] for doc in search_index if "<pre" in doc["text"]]
    assert with_blocks == [], f"code blocks in the search index: {with_blocks[:10]}"
    texts = " ".join(doc["text"] for doc in search_index)
    assert "<code>torch.from_numpy</code>" in texts
    assert "Forward propagation" in " ".join(doc["title"] for doc in search_index)


def test_the_code_blocks_kept_from_the_search_plugin_are_back_in_every_page(built_site):
    """The hook swaps each code block for a comment while the search plugin reads the page."""
    pages = list(built_site.rglob("*.html"))
    left = [str(p.relative_to(built_site)) for p in pages if CODE_COMMENT.search(p.read_text())]
    assert left == [], f"code blocks missing from: {left}"
    assert sum("<pre" in p.read_text() for p in pages) >= 20  # lessons and notebooks have code


def test_each_glossary_term_is_its_own_search_result(built_site, search_index):
    by_location = {doc["location"]: doc for doc in search_index}
    terms = _fresh(built_site, "glossary.md").select("article dl > dt")
    assert terms, "the glossary has no terms"
    for dt in terms:
        location = f"glossary/#{dt.get('id')}"
        assert location in by_location, f"no search result for the glossary term {dt.get_text()!r}"
        assert by_location[location]["title"] == dt.get_text().strip()
        definition = by_location[location]["text"][:60]
        holding = [doc["location"] for doc in search_index if definition in doc["text"]]
        assert holding == [location], f"{dt.get_text()!r}: its definition is also in {holding}"


def test_formulas_read_as_plain_text_in_search_results():
    import sitebuild.search_index

    failed, tried = doctest.testmod(sitebuild.search_index)
    assert tried > 0
    assert failed == 0


# Material's search toggle is a checkbox with autocomplete="off" (its own markup): the one error allowed.
MATERIAL_AUTOCOMPLETE = r".*Attribute .autocomplete. is only allowed when the input type is.*"


def test_every_page_but_the_notebook_pages_passes_the_nu_html_checker(built_site):
    """The notebook pages are checked in tests/test_notebooks.py."""
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert jar.is_file(), f"{jar} is missing: run `npm ci`"
    pages = sorted(str(p) for p in built_site.rglob("*.html") if "notebooks" not in p.relative_to(built_site).parts)
    assert len(pages) >= len(lesson_pages()) + 3
    checker = ["java", "-jar", str(jar), "--errors-only", "--format", "gnu", "--filterpattern", MATERIAL_AUTOCOMPLETE]
    result = subprocess.run(
        [*checker, *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    assert result.stderr.strip() == ""
