"""The gradients lesson: every derivative it states agrees three ways (see derivative_checks.py)."""

import contextlib
import io
import itertools
import math

import pytest
import torch
from derivative_checks import F64, FD_STEP, POINTS, assert_three_ways, printed_numbers, three_way_lines
from torch.testing import assert_close

PAGE = "gradients.md"


# --- 1. What a gradient is ---------------------------------------------------------------------------------


def test_a_line_has_the_same_slope_everywhere(ns, run):
    assert_three_ways(ns["line"], lambda x: torch.full_like(x, 3.0), POINTS)
    slopes = [printed_numbers(line)[-1] for line in run.printed("slope_of_line.py").splitlines()]
    assert slopes == [3.0, 3.0, 3.0]


def test_secant_slopes_are_two_plus_h_and_close_in_on_the_derivative(ns):
    # ((x0 + h)^2 - x0^2) / h = 2 x0 + h exactly
    expected = [2 * ns["X0"] + h for h in ns["STEPS"]]
    assert ns["secant_slopes"] == pytest.approx(expected, rel=1e-9)
    errors = [abs(slope - ns["exact_slope"]) for slope in ns["secant_slopes"]]
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < 1e-3
    assert ns["exact_slope"] == 2 * ns["X0"]


def test_derivative_of_x_squared_three_ways(ns, run):
    f = ns["f"]
    assert_three_ways(f, lambda x: 2 * x, POINTS)
    assert torch.autograd.gradcheck(f, (POINTS.clone().requires_grad_(True),))
    values = three_way_lines(run.printed("autograd_slope.py"))
    assert set(values) == {"formula", "autograd", "central difference"}
    assert all(v == pytest.approx(2 * ns["X0"], abs=1e-6) for v in values.values())


def test_the_pages_central_difference_is_second_order(ns):
    central = ns["central_difference"]
    x = torch.tensor(0.5, dtype=F64)
    assert central(torch.exp, x).item() == pytest.approx(math.exp(0.5), rel=1e-9)
    error_coarse = abs(central(torch.exp, x, h=1e-2).item() - math.exp(0.5))
    error_fine = abs(central(torch.exp, x, h=1e-3).item() - math.exp(0.5))
    assert error_coarse / error_fine == pytest.approx(100, rel=0.01)  # error ~ h^2


def test_rounding_table_float32_fails_and_float64_balances_near_1e_5(ns, run):
    steps = ns["STEP_SIZES"]
    rows = [printed_numbers(line) for line in run.printed("rounding_error.py").splitlines()[3:]]
    assert [row[0] for row in rows] == steps
    central = ns["central_difference"]
    errors = {}
    for dtype in (torch.float32, F64):
        point = torch.tensor(1.0, dtype=dtype)
        errors[dtype] = [abs(central(torch.exp, point, h).item() - math.e) for h in steps]
    for row, e32, e64 in zip(rows, errors[torch.float32], errors[F64], strict=True):
        assert row[1:] == [pytest.approx(e32, rel=0.06), pytest.approx(e64, rel=0.06)]
    e32, e64 = errors[torch.float32], errors[F64]
    at = steps.index(1e-5)
    # the formula's error: a hundredfold smaller per tenfold smaller step, for the large steps
    for coarse, fine in itertools.pairwise(e64[:4]):
        assert coarse / fine == pytest.approx(100, rel=0.05)
    # float32 at h = 1e-5: far too coarse; its best step is a coarse one
    assert e32[at] > 1e-3
    assert min(range(len(steps)), key=e32.__getitem__) <= steps.index(1e-2)
    # float64: smallest around 1e-5 (within a factor 3 of the best), growing for tinier steps
    assert e64[at] <= 3 * min(e64)
    assert e64[at] < 1e-10
    assert e64[-1] > 10 * e64[at]
    assert ns["torch"].finfo(torch.float32).eps > 1e8 * ns["torch"].finfo(F64).eps


@pytest.mark.parametrize("n", [1, 2, 3, -1, -2, 0.5])
def test_power_rule(n):
    points = torch.linspace(0.3, 3.0, 10, dtype=F64)
    assert_three_ways(lambda x: x**n, lambda x: n * x ** (n - 1), points)
    assert torch.autograd.gradcheck(lambda x: x**n, (points.clone().requires_grad_(True),))


# --- partial derivatives and the gradient ----------------------------------------------------------------------


def two_variables_gradient(x1, x2):
    """The page's f = x1^2 + 3 x1 x2 has partial derivatives 2 x1 + 3 x2 and 3 x1."""
    return torch.stack([2 * x1 + 3 * x2, 3 * x1])


def test_partial_derivatives_three_ways(ns, run):
    f = ns["two_variables"]
    assert ns["POINT"] == [1.0, 2.0]
    expected = two_variables_gradient(torch.tensor(1.0, dtype=F64), torch.tensor(2.0, dtype=F64))
    assert_close(torch.tensor(ns["partials_by_formula"], dtype=F64), expected)
    assert_close(torch.stack(ns["partials_numeric"]), expected, rtol=1e-8, atol=1e-9)
    # at many points, each partial derivative three ways (one variable moved, the other held fixed)
    torch.manual_seed(2)
    for point in torch.randn(5, 2, dtype=F64):
        x = point.clone().requires_grad_(True)
        f(x).backward()
        assert_close(x.grad, two_variables_gradient(*point), rtol=1e-12, atol=1e-12)
        for k in range(2):
            axis = torch.eye(2, dtype=F64)[:, k : k + 1]  # move x_k only, the other variable held fixed
            assert_three_ways(
                lambda t, axis=axis, point=point, k=k: f(point[:, None] + (t - point[k]) * axis),
                lambda t, k=k, point=point: two_variables_gradient(*point)[k],
                point[k : k + 1],
            )
    assert torch.autograd.gradcheck(f, (torch.tensor([0.3, -1.2], dtype=F64, requires_grad=True),))
    rows = [
        printed_numbers(line) for line in run.printed("partial_derivatives.py").splitlines() if line.startswith("df")
    ]
    assert rows == [[8.0, 8.0, 8.0], [3.0, 3.0, 3.0]]


def test_x_grad_is_the_gradient_with_the_shape_of_the_input(lesson):
    """What x.grad held right after partial_derivatives.py: the whole gradient, one entry per variable."""
    namespace = {}
    for path in lesson("gradients.md").snippets:
        if path.name.endswith("_plot.py"):
            continue  # figures are not needed here, and would stay open
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(path.read_text(), str(path), "exec"), namespace)
        if path.name == "partial_derivatives.py":
            break
    x = namespace["x"]
    assert x.grad.shape == x.shape == (2,)
    assert_close(x.grad, torch.tensor([8.0, 3.0], dtype=F64))


def test_the_gradient_points_uphill_steepest(ns, run):
    gradient, directions, rates = ns["gradient"], ns["directions"], ns["rates"]
    assert_close(gradient, torch.tensor([8.0, 3.0], dtype=F64))
    assert_close(directions.norm(dim=0), torch.ones(ns["NUM_DIRECTIONS"], dtype=F64))  # all of length 1
    # the directional derivative is the dot product with the gradient
    assert_close(rates, gradient @ directions, rtol=1e-8, atol=1e-9)
    # the best of the 360 directions is within half a degree of the gradient's, and the worst opposite it
    gradient_angle = math.degrees(math.atan2(3.0, 8.0))
    uphill = math.degrees(ns["angles"][rates.argmax()].item())
    downhill = math.degrees(ns["angles"][rates.argmin()].item())
    assert abs(uphill - gradient_angle) <= 0.5
    assert abs(downhill - (gradient_angle + 180)) <= 0.5
    # the largest rate is the gradient's length, up to the spacing: cos(half a degree)
    length = math.hypot(8.0, 3.0)
    assert length * math.cos(math.radians(0.5)) <= rates.max().item() <= length
    assert rates.min().item() == pytest.approx(-rates.max().item(), rel=1e-9)
    # and over any unit direction at all (Cauchy-Schwarz), checked on random ones
    torch.manual_seed(4)
    random_directions = torch.nn.functional.normalize(torch.randn(1000, 2, dtype=F64), dim=1)
    assert (random_directions @ gradient).max().item() <= length + 1e-12
    lines = run.printed("steepest_ascent.py").splitlines()
    assert printed_numbers(lines[1])[-1] == pytest.approx(length, abs=1e-4)
    assert printed_numbers(lines[-1])[-1] < 1e-6


# --- 2. Calculus: gravity ------------------------------------------------------------------------------------


def test_gravity_is_an_inverse_square_law(ns):
    force, radius = ns["gravity_force"], ns["EARTH_RADIUS"]
    for r in (radius, 3 * radius, 10 * radius):
        assert force(2 * r) == pytest.approx(force(r) / 4, rel=1e-12)
    gm = ns["GRAVITATIONAL_CONSTANT"] * ns["EARTH_MASS"] * ns["TEST_MASS"]
    assert force(radius) == pytest.approx(gm / radius**2, rel=1e-12)
    assert force(radius) == pytest.approx(9.81, rel=0.01)  # the weight of 1 kg at the Earth's surface


def test_gravity_slope_three_ways(ns, run):
    gm = ns["GRAVITATIONAL_CONSTANT"] * ns["EARTH_MASS"] * ns["TEST_MASS"]
    radius = ns["EARTH_RADIUS"]
    distances = torch.linspace(1, 6, 11, dtype=F64) * radius
    # distances are in metres: use a step of 1e-5 relative to r
    assert_three_ways(ns["gravity_force"], lambda r: -2 * gm / r**3, distances, step=FD_STEP * distances, atol=0)
    assert_close(ns["gravity_slope"](distances), -2 * gm / distances**3, rtol=1e-12, atol=0)
    in_earth_radii = (torch.tensor([1.0, 2.0, 5.0], dtype=F64, requires_grad=True),)
    assert torch.autograd.gradcheck(lambda s: ns["gravity_force"](s * radius), in_earth_radii)

    values = three_way_lines(run.printed("gravity.py"))
    assert set(values) == {"formula", "autograd", "central difference"}
    expected = -2 * gm / ns["TANGENT_DISTANCE"] ** 3
    assert all(v == pytest.approx(expected, rel=1e-6) for v in values.values())


# --- 7. The chain rule -------------------------------------------------------------------------------------------


def test_chain_of_two_lines(ns, run):
    A, B, C, D = ns["A"], ns["B"], ns["C"], ns["D"]
    g = ns["linear_g"]
    assert_close(g(POINTS), C * A * POINTS + C * B + D)  # substituting gives a line of slope C A
    assert_three_ways(g, lambda x: torch.full_like(x, C * A), POINTS)
    assert torch.autograd.gradcheck(g, (POINTS.clone().requires_grad_(True),))
    values = three_way_lines(run.printed("chain_rule_linear.py"))
    assert set(values) == {"C * A", "autograd", "central difference"}
    assert all(v == pytest.approx(C * A, abs=1e-6) for v in values.values())


def test_sin_of_square(ns):
    function = ns["sin_of_square"]
    assert_close(function(POINTS), torch.sin(POINTS**2))
    assert_three_ways(function, lambda x: 2 * x * torch.cos(x**2), POINTS)
    assert_close(ns["sin_of_square_derivative"](POINTS), 2 * POINTS * torch.cos(POINTS**2))
    assert torch.autograd.gradcheck(function, (POINTS.clone().requires_grad_(True),))


def test_sigmoid_of_tanh(ns):
    function, w = ns["sigmoid_of_tanh"], ns["WEIGHT"]

    def formula(x):
        s = 1 / (1 + torch.exp(-w * torch.tanh(x)))
        return s * (1 - s) * w * (1 - torch.tanh(x) ** 2)

    assert_close(function(POINTS), 1 / (1 + torch.exp(-w * torch.tanh(POINTS))))
    assert_three_ways(function, formula, POINTS)
    assert_close(ns["sigmoid_of_tanh_derivative"](POINTS), formula(POINTS))
    assert torch.autograd.gradcheck(function, (POINTS.clone().requires_grad_(True),))


def test_chain_rule_links_with_autograd_grad(ns, run):
    assert ns["d_outer_d_inner"].item() == pytest.approx(math.cos(1.5**2), rel=1e-12)
    assert ns["d_inner_dx"].item() == pytest.approx(3.0)
    expected = math.cos(2.25) * 3.0
    assert ns["d_outer_dx"].item() == pytest.approx(expected, rel=1e-12)
    assert (ns["d_outer_d_inner"] * ns["d_inner_dx"]).item() == pytest.approx(expected, rel=1e-12)
    printed = [printed_numbers(line)[-1] for line in run.printed("chain_rule_links.py").splitlines()]
    assert printed[0] == printed[1]  # autograd's d sin(u)/du is cos(u)
    assert printed[3] == printed[4]  # the product of the links is the derivative of the whole


def test_autograd_grad_returns_instead_of_filling_grad_and_frees_the_graph_unless_retained():
    """What the page says about torch.autograd.grad and retain_graph=True."""
    x = torch.tensor(1.5, dtype=F64, requires_grad=True)
    u = x**2
    out = torch.sin(u)
    (first,) = torch.autograd.grad(out, u, retain_graph=True)
    (second,) = torch.autograd.grad(out, x)  # walks the same graph again: allowed, it was retained
    assert x.grad is None  # returned, not accumulated into .grad
    assert second.item() == pytest.approx(first.item() * 3.0)
    y = torch.tensor(1.5, dtype=F64, requires_grad=True)
    v = torch.sin(y**2)
    torch.autograd.grad(v, y)
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        torch.autograd.grad(v, y)  # without retain_graph the first call freed it


def test_printed_chain_rule_tables_agree(run):
    rows = [printed_numbers(line) for line in run.printed("chain_rule_deeper.py").splitlines()]
    rows = [row for row in rows if len(row) == 4]
    assert len(rows) == 10
    for _, formula, autograd, numeric in rows:
        assert autograd == pytest.approx(formula, abs=1.5e-6)
        assert numeric == pytest.approx(formula, abs=1.5e-6)


@pytest.mark.parametrize(
    ("name", "function", "formula"),
    [
        ("sigmoid", torch.sigmoid, lambda u: torch.sigmoid(u) * (1 - torch.sigmoid(u))),
        ("tanh", torch.tanh, lambda a: 1 - torch.tanh(a) ** 2),
        ("sin", torch.sin, torch.cos),
        ("power rule, r^-2", lambda r: r**-2, lambda r: -2 * r**-3),
    ],
)
def test_local_derivatives_the_page_uses(name, function, formula):
    points = torch.linspace(0.3, 3.0, 10, dtype=F64) if "power" in name else POINTS
    assert_three_ways(function, formula, points)
    assert torch.autograd.gradcheck(function, (points.clone().requires_grad_(True),))


# --- the page as a whole -----------------------------------------------------------------------------------------


def test_figures_are_where_the_page_says(run):
    figures = {path.name: count for path, count in zip(run.snippets, run.figures, strict=True)}
    drawn = {name for name, count in figures.items() if count}
    assert drawn == {"secant_plot.py", "gravity_plot.py"}


# --- exercises -------------------------------------------------------------------------------------------------


def test_exercise1_derivative_three_ways(ns):
    assert ns["cubic_formula"] == pytest.approx(3 * 1.5**2 - 2)
    assert ns["cubic_autograd"].item() == pytest.approx(ns["cubic_formula"], rel=1e-12)
    assert ns["cubic_numeric"].item() == pytest.approx(ns["cubic_formula"], rel=1e-8)
    assert_three_ways(ns["cubic"], lambda x: 3 * x**2 - 2, POINTS)


def test_exercise2_chain_rule_three_ways(ns, run):
    def formula(x):
        return 2 * torch.cos(2 * x) * torch.exp(torch.sin(2 * x))

    assert ns["CHAIN_AT"] == 1.0
    expected = 2 * math.cos(2.0) * math.exp(math.sin(2.0))
    assert ns["chain_formula"].item() == pytest.approx(expected, rel=1e-12)
    assert ns["chain_autograd"].item() == pytest.approx(expected, rel=1e-12)
    assert ns["chain_numeric"].item() == pytest.approx(expected, rel=1e-8)
    assert_three_ways(ns["exp_sin_2x"], formula, POINTS)
    values = three_way_lines(run.printed("exercise2_chain_rule.py"))
    assert set(values) == {"formula", "autograd", "central difference"}
    assert all(v == pytest.approx(expected, abs=1e-6) for v in values.values())
