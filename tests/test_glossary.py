"""The glossary page and the hover definitions (Material abbreviations) that every lesson shows."""

from __future__ import annotations

import itertools
import re

import pytest
import torch
from bs4 import BeautifulSoup
from torch import nn
from torch.testing import assert_close

from conftest import DOCS, ROOT, lesson_pages, page_url

ABBREVIATIONS = dict(re.findall(r"^\*\[(.+?)\]: (.+)$", (ROOT / "includes/abbreviations.md").read_text(), re.M))


def glossary_terms() -> list[str]:
    """The defined terms of docs/glossary.md (definition-list titles), lower-cased."""
    lines = (DOCS / "glossary.md").read_text().splitlines()
    return [line.strip().lower() for line, after in itertools.pairwise(lines) if after.startswith(":   ")]


def test_every_glossary_term_has_a_hover_definition():
    hover = {term.lower() for term in ABBREVIATIONS}
    for term in glossary_terms():
        parts = term.split(" and ")  # "weight and bias" defines both
        assert all(part in hover for part in parts), f"glossary term {term!r} has no entry in includes/abbreviations.md"


def test_every_glossary_entry_links_to_a_lesson(built_site):
    soup = BeautifulSoup((built_site / "glossary/index.html").read_text(), "html.parser")
    definitions = soup.select("dl dd")
    assert len(definitions) == len(glossary_terms())
    for definition in definitions:
        links = [a["href"] for a in definition.find_all("a", href=True)]
        assert any(href.startswith("../") for href in links), definition.get_text()[:60]  # links to a lesson


@pytest.mark.parametrize("page", lesson_pages())
def test_lessons_show_the_definitions_on_hover(built_site, page):
    soup = BeautifulSoup((built_site / page_url(page) / "index.html").read_text(), "html.parser")
    shown = {abbr.get_text(): abbr["title"] for abbr in soup.select("article abbr[title]")}
    assert shown, f"{page} shows no glossary term"
    for term, title in shown.items():
        assert ABBREVIATIONS[term] == title


# --- the definitions are exact: each claim checked on numbers ------------------------------------------------


def glossary_entry(term: str) -> str:
    """The definition of a glossary term, on one line."""
    text = (DOCS / "glossary.md").read_text()
    start = text.index(f"\n{term}\n:   ") + len(term) + 2
    end = text.find("\n\n", start)
    return " ".join(text[start:end].split())


def chord_gap(f, x, y, t):
    """t f(x) + (1 - t) f(y) - f(t x + (1 - t) y): never negative for a convex f."""
    return t * f(x) + (1 - t) * f(y) - f(t * x + (1 - t) * y)


def test_convex_is_defined_by_the_chord_inequality_not_by_one_minimum():
    entry = glossary_entry("Convex and non-convex")
    assert "f(t \\mathbf x + (1 - t) \\mathbf y) \\le t f(\\mathbf x) + (1 - t) f(\\mathbf y)" in entry
    assert "single minimum" not in entry
    assert "from any start" not in entry
    for tooltip in ("convex", "non-convex", "Non-convex"):
        assert "bowl" not in ABBREVIATIONS[tooltip]
        assert "chord" in ABBREVIATIONS[tooltip]


def test_the_mse_of_a_line_is_convex_in_w_and_b():
    generator = torch.Generator().manual_seed(0)
    x, y = (
        torch.randn(50, generator=generator, dtype=torch.float64),
        torch.randn(50, generator=generator, dtype=torch.float64),
    )

    def mse(params):
        return ((params[0] * x + params[1] - y) ** 2).mean()

    points = torch.randn(200, 2, 2, generator=generator, dtype=torch.float64) * 5
    ts = torch.rand(200, generator=generator, dtype=torch.float64)
    assert min(chord_gap(mse, p, q, t).item() for (p, q), t in zip(points, ts, strict=True)) >= -1e-12


def test_a_convex_function_can_have_no_minimum():
    """e^x is convex, and gradient descent lowers it for ever without reaching a minimum."""
    generator = torch.Generator().manual_seed(1)
    xs, ys, ts = torch.rand(3, 500, generator=generator, dtype=torch.float64) * torch.tensor(
        [[20], [20], [1]]
    ) - torch.tensor([[10], [10], [0]])
    assert (chord_gap(torch.exp, xs, ys, ts) >= 0).all()
    x, values = torch.tensor(0.0, dtype=torch.float64), []
    for _ in range(1000):
        x = x - 0.5 * torch.exp(x)  # a gradient-descent step, slope e^x
        values.append(torch.exp(x).item())
    assert all(later < earlier for earlier, later in itertools.pairwise(values))  # always lower ...
    assert values[-1] > 0  # ... yet never the infimum 0, which no x attains


def test_cross_entropy_on_separable_data_has_no_minimum():
    """Logistic regression on points a line separates: scaling the separating weights up always lowers the loss."""
    x = torch.tensor([[-2.0], [-1.0], [1.0], [3.0]], dtype=torch.float64)
    labels = torch.tensor([0.0, 0.0, 1.0, 1.0], dtype=torch.float64)
    losses = [
        nn.functional.binary_cross_entropy_with_logits((scale * x).squeeze(1), labels).item()
        for scale in (1, 2, 4, 8, 16)
    ]
    assert all(later < earlier for earlier, later in itertools.pairwise(losses))
    assert losses[-1] > 0


def test_a_convex_function_can_have_a_whole_line_of_minimisers():
    """(w1 + w2 - 1)^2 is convex; gradient descent from different starts ends at different minimisers, same value."""

    def f(params):
        return (params[0] + params[1] - 1) ** 2

    generator = torch.Generator().manual_seed(2)
    pairs = torch.randn(100, 2, 2, generator=generator, dtype=torch.float64) * 3
    assert min(chord_gap(f, p, q, 0.3).item() for p, q in pairs) >= -1e-12
    ends = []
    for start in ([0.0, 0.0], [3.0, -1.0], [-2.0, 5.0]):
        params = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        for _ in range(200):
            (gradient,) = torch.autograd.grad(f(params), params)
            params = (params - 0.1 * gradient).detach().requires_grad_(True)
        ends.append(params.detach())
        assert f(params).item() < 1e-20  # the minimum value, 0
    assert torch.cdist(torch.stack(ends), torch.stack(ends)).max() > 1  # at different points


def test_a_strictly_convex_function_has_one_minimiser_that_gradient_descent_reaches():
    def f(params):
        return ((params - torch.tensor([1.0, -2.0], dtype=torch.float64)) ** 2).sum()

    for start in ([5.0, 5.0], [-3.0, 0.0], [0.0, -9.0]):
        params = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        for _ in range(100):
            (gradient,) = torch.autograd.grad(f(params), params)
            params = (params - 0.1 * gradient).detach().requires_grad_(True)
        assert_close(params.detach(), torch.tensor([1.0, -2.0], dtype=torch.float64))


def test_a_non_convex_function_has_a_chord_below_its_graph_and_a_local_minimum_that_is_not_global():
    """The gradient-descent lesson's L(theta) = theta^4 - 3 theta^2 + theta."""

    def f(theta):
        return theta**4 - 3 * theta**2 + theta

    assert chord_gap(f, torch.tensor(-1.2), torch.tensor(1.1), 0.5) < 0
    ends = []
    for start in (-2.0, 2.0):
        theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        for _ in range(500):
            (gradient,) = torch.autograd.grad(f(theta), theta)
            theta = (theta - 0.01 * gradient).detach().requires_grad_(True)
        (gradient,) = torch.autograd.grad(f(theta), theta)
        assert abs(gradient.item()) < 1e-8  # the gradient is zero at both: gradient descent stays
        ends.append(theta.detach())
    left, right = ends
    assert f(left) < f(right) - 1  # the right one is a local minimum higher than the global one
    grid = torch.linspace(-3, 3, 60001, dtype=torch.float64)
    assert f(grid).min().item() == pytest.approx(f(left).item(), abs=1e-6)


def test_sigmoid_and_softmax_are_as_defined():
    z = torch.linspace(-30, 30, 601, dtype=torch.float64)
    p = torch.sigmoid(z)
    assert ((p > 0) & (p < 1)).all()  # the open interval (0, 1)
    assert_close(p, 1 / (1 + torch.exp(-z)))
    scores = torch.randn(5, 7, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    assert_close(scores.softmax(dim=1), torch.exp(scores) / torch.exp(scores).sum(dim=1, keepdim=True))
    assert_close(scores.softmax(dim=1).sum(dim=1), torch.ones(5, dtype=torch.float64))


def test_dropout_zeroes_with_probability_q_and_scales_the_rest_by_one_over_one_minus_q():
    q = 0.3
    dropout = nn.Dropout(p=q)
    torch.manual_seed(0)
    inputs = torch.full((200_000,), 2.0, dtype=torch.float64)
    outputs = dropout(inputs)
    kept = outputs != 0
    assert_close(outputs[kept], torch.full_like(outputs[kept], 2.0 / (1 - q)))
    assert (1 - kept.double().mean()).item() == pytest.approx(q, abs=0.005)
    assert outputs.mean().item() == pytest.approx(2.0, rel=0.01)  # the mean stays the same
    dropout.eval()
    assert torch.equal(dropout(inputs), inputs)  # evaluation mode: unchanged


def test_neurons_that_start_identical_stay_identical():
    torch.manual_seed(0)
    network = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    with torch.no_grad():
        network[0].weight.copy_(network[0].weight[0].expand(4, 3))  # every hidden neuron the same ...
        network[0].bias.fill_(0.1)
        network[2].weight.copy_(network[2].weight[:, :1].expand(2, 4))  # ... and read the same way
    optimizer = torch.optim.SGD(network.parameters(), lr=0.1)
    inputs, labels = torch.randn(16, 3), torch.randint(0, 2, (16,))
    for _ in range(20):
        optimizer.zero_grad()
        nn.functional.cross_entropy(network(inputs), labels).backward()
        optimizer.step()
    rows = network[0].weight.detach()
    assert_close(rows, rows[0].expand(4, 3))


def test_a_small_step_against_the_gradient_lowers_the_loss():
    generator = torch.Generator().manual_seed(4)
    target = torch.randn(3, generator=generator, dtype=torch.float64)
    for _ in range(20):
        point = torch.randn(3, generator=generator, dtype=torch.float64, requires_grad=True)
        loss = (torch.sin(point) - target).pow(2).sum() + point.pow(4).sum()
        (gradient,) = torch.autograd.grad(loss, point)
        moved = point.detach() - 1e-4 * gradient
        assert ((torch.sin(moved) - target).pow(2).sum() + moved.pow(4).sum()) < loss


# --- the notation page -----------------------------------------------------------------------------------------


def notation_rows() -> list[list[str]]:
    """The notation page's table rows (header and rule lines left out), as lists of cells."""
    rows = []
    for line in (DOCS / "notation.md").read_text().splitlines():
        if line.startswith("| $"):
            rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_notation_page_is_in_the_nav_after_the_glossary_and_linked_from_home():
    nav = [line.strip() for line in (ROOT / "mkdocs.yml").read_text().splitlines() if line.strip().startswith("- ")]
    assert nav[nav.index("- Glossary: glossary.md") + 1] == "- Notation: notation.md"
    assert "](notation.md)" in (DOCS / "index.md").read_text()


def test_every_notation_row_names_a_symbol_a_meaning_and_a_lesson_section_that_exists():
    from markdown.extensions.toc import slugify

    rows = notation_rows()
    assert len(rows) >= 40
    for symbol, meaning, where in rows:
        assert symbol.startswith("$")
        assert meaning
        links = re.findall(r"\]\(([\w-]+\.md)#([\w-]+)\)", where)
        assert links, f"{symbol}: no link to the lesson section that introduces it"
        for page, anchor in links:
            text = re.sub(r"```.*?```", "", (DOCS / page).read_text(), flags=re.S)
            headings = [re.sub(r"^#+ ", "", h) for h in re.findall(r"^#+ .*$", text, re.M)]
            assert anchor in {slugify(h, "-") for h in headings}, f"{symbol}: {page}#{anchor} is no heading"


def test_the_notation_page_lists_the_course_notation():
    symbols = {row[0] for row in notation_rows()}
    for expected in [
        "$n$",
        "$i$",
        "$x$, $\\mathbf x$",
        "$y$, $y_i$",
        "$\\hat y$",
        "$p$",
        "$p_k$, $\\mathbf p$",
        "$z$, $\\mathbf z$",
        "$\\hat c$",
        "$\\ell$, $\\ell_i$",
        "$L$",
        "$w$, $\\mathbf W$",
        "$b$, $\\mathbf b$",
        "$\\eta$",
        "$\\sigma$",
        "$\\nabla L$",
        "$\\delta_{jk}$",
        "$\\operatorname{softmax}$",
        "$y_{ik}$",
    ]:
        assert expected in symbols, expected
    assert len(symbols) == len(notation_rows())  # each symbol once


@pytest.mark.parametrize("page", [*lesson_pages(), "glossary.md", "index.md"])
def test_one_tab_stop_per_term_per_section_and_none_inside_a_link(built_site, page):
    """The first occurrence of a term in each section takes focus; the rest show the definition on
    hover only; a term inside a link never takes focus (a link does, and nesting them is invalid)."""
    soup = BeautifulSoup((built_site / page_url(page) / "index.html").read_text(), "html.parser")
    problems, seen, stops = [], set(), 0
    for element in soup.select("article h1, article h2, article h3, article h4, article h5, article h6, article abbr"):
        if element.name != "abbr":
            seen = set()
            continue
        inside_link, focusable = element.find_parent("a") is not None, element.get("tabindex") == "0"
        stops += focusable
        first = not inside_link and element["title"] not in seen
        if focusable != first:
            where = "inside a link" if inside_link else "first in its section" if first else "again in its section"
            problems.append(f"{element.get_text()!r} ({where}) {'takes' if focusable else 'does not take'} focus")
        if not inside_link:
            seen.add(element["title"])
    assert not problems, f"docs/{page}:\n" + "\n".join(problems[:20])
    assert stops > 0 or page == "index.md"
