"""The gradients lesson: every derivative it states agrees three ways, and its training runs do what it says.

The three ways are the analytic formula (written out again here, independently of the page), autograd, and a
central finite difference in float64 with a step of about 1e-5.
"""

import itertools
import math

import pytest
import torch
from torch import nn
from torch.testing import assert_close

from conftest import check_exercises_come_last_and_leave_the_lessons_names_alone

PAGE = "gradients.md"
FD_STEP = 1e-5
F64 = torch.float64


def autograd_derivative(function, points):
    """Element-wise derivative by autograd (each output depends on its own input only)."""
    x = points.clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(function(x).sum(), x)
    return grad


def central_difference(function, points, step=FD_STEP):
    return (function(points + step) - function(points - step)) / (2 * step)


def assert_three_ways(function, formula, points, step=FD_STEP, fd_rtol=1e-6, atol=1e-9):
    """The formula, autograd and a float64 central difference agree at `points`.

    `atol` matters only where a derivative is near zero; pass 0 for derivatives that are small everywhere.
    """
    points = torch.as_tensor(points, dtype=F64)
    analytic = torch.as_tensor(formula(points), dtype=F64).expand_as(points)
    assert_close(autograd_derivative(function, points), analytic, rtol=1e-10, atol=atol * 1e-3)
    assert_close(central_difference(function, points, step), analytic, rtol=fd_rtol, atol=atol)


def printed_numbers(line):
    return [float(token) for token in line.replace(",", " ").split() if _is_number(token)]


def _is_number(token):
    try:
        float(token)
    except ValueError:
        return False
    return True


def three_way_lines(text):
    """The values on the page's 'formula ... / autograd ... / central difference ...' lines."""
    values = {}
    for line in text.splitlines():
        for label in ("formula", "C * A", "autograd", "central difference"):
            if line.startswith(label):
                values[label] = printed_numbers(line.split(":", 1)[1])[-1]
    return values


POINTS = torch.linspace(-2.5, 2.5, 11, dtype=F64)


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


@pytest.mark.parametrize("n", [1, 2, 3, -1, -2, 0.5])
def test_power_rule(n):
    points = torch.linspace(0.3, 3.0, 10, dtype=F64)
    assert_three_ways(lambda x: x**n, lambda x: n * x ** (n - 1), points)
    assert torch.autograd.gradcheck(lambda x: x**n, (points.clone().requires_grad_(True),))


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


# --- 3. The loss surface ---------------------------------------------------------------------------------------


def test_data_come_from_the_true_line(ns):
    x, y = ns["x_train"], ns["y_train"]
    assert x.shape == y.shape == (ns["NUM_SAMPLES"],)
    assert x.min() >= -1
    assert x.max() <= 1
    assert_close(y, 2 * x + 1)


def test_mse_loss_is_the_mean_squared_error(ns):
    x, y = ns["x_train"], ns["y_train"]
    for m, b in [(0.0, 0.0), (2.0, 1.0), (-1.0, 3.0), (4.5, -2.0)]:
        expected = sum((m * xi + b - yi) ** 2 for xi, yi in zip(x.tolist(), y.tolist(), strict=True)) / len(x)
        assert ns["mse_loss"](m, b).item() == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert ns["mse_loss"](2.0, 1.0).item() == 0.0


def test_the_grid_and_its_minimum(ns):
    mse_loss, w_grid, b_grid, loss_grid = ns["mse_loss"], ns["w_grid"], ns["b_grid"], ns["loss_grid"]
    assert (ns["best_w"], ns["best_b"]) == (pytest.approx(2.0, abs=1e-9), pytest.approx(1.0, abs=1e-9))
    assert loss_grid.min().item() == pytest.approx(0.0, abs=1e-20)
    for row, col in [(0, 0), (17, 63), (100, 80), (50, 40)]:
        w, b = w_grid[row, col].item(), b_grid[row, col].item()
        assert loss_grid[row, col].item() == pytest.approx(mse_loss(w, b).item(), rel=1e-12, abs=1e-20)
    assert w_grid[50, 40].item() == pytest.approx(2.0)
    assert b_grid[50, 40].item() == pytest.approx(1.0)
    # the page: with indexing="xy", w varies along the rows and b down the columns
    assert w_grid.shape == loss_grid.shape == (len(ns["b_values"]), len(ns["w_values"]))
    assert_close(w_grid[7], ns["w_values"])
    assert_close(b_grid[:, 7], ns["b_values"])


# --- 4. Gradient descent -----------------------------------------------------------------------------------


def mse_gradient_formula(m, b, x, y):
    """dL/dm = 2/n sum (m x + b - y) x,  dL/db = 2/n sum (m x + b - y)."""
    n = len(x)
    errors = [m * xi + b - yi for xi, yi in zip(x.tolist(), y.tolist(), strict=True)]
    return 2 / n * sum(e * xi for e, xi in zip(errors, x.tolist(), strict=True)), 2 / n * sum(errors)


@pytest.mark.parametrize(("m", "b"), [(-1.0, 3.0), (0.0, 0.0), (2.0, 1.0), (3.5, -1.5)])
def test_mse_gradient_three_ways(ns, m, b):
    x, y, mse_loss = ns["x_train"], ns["y_train"], ns["mse_loss"]
    formula = torch.tensor(mse_gradient_formula(m, b, x, y), dtype=F64)
    assert_close(torch.stack(ns["mse_gradient"](m, b)), formula, rtol=1e-12, atol=1e-14)

    params = torch.tensor([m, b], dtype=F64, requires_grad=True)
    (autograd,) = torch.autograd.grad(mse_loss(params[0], params[1]), params)
    assert_close(autograd, formula, rtol=1e-10, atol=1e-12)

    numeric_m = (mse_loss(m + FD_STEP, b) - mse_loss(m - FD_STEP, b)) / (2 * FD_STEP)
    numeric_b = (mse_loss(m, b + FD_STEP) - mse_loss(m, b - FD_STEP)) / (2 * FD_STEP)
    assert_close(torch.stack([numeric_m, numeric_b]), formula, rtol=1e-6, atol=1e-9)
    assert torch.autograd.gradcheck(lambda p: mse_loss(p[0], p[1]), (params,))


def test_printed_gradient_rows_agree_and_have_the_signs_the_prose_reads(ns, run):
    rows = [printed_numbers(line) for line in run.printed("loss_gradient.py").splitlines() if line.startswith("dL/d")]
    assert len(rows) == 2
    for formula, autograd, numeric in rows:
        assert autograd == pytest.approx(formula, abs=1.5e-4)
        assert numeric == pytest.approx(formula, abs=1.5e-4)
    grad_m, grad_b = mse_gradient_formula(ns["START_W"], ns["START_B"], ns["x_train"], ns["y_train"])
    assert rows[0][0] == pytest.approx(grad_m, abs=1e-4)
    assert rows[1][0] == pytest.approx(grad_b, abs=1e-4)
    # the prose: slope below 2 and dL/dm negative (m should grow); intercept above 1 and dL/db positive
    assert ns["START_W"] < 2
    assert grad_m < 0
    assert ns["START_B"] > 1
    assert grad_b > 0


def test_learning_rates_straddle_the_stability_limit(ns):
    mse_loss = ns["mse_loss"]
    hessian = torch.autograd.functional.hessian(lambda p: mse_loss(p[0], p[1]), torch.tensor([0.0, 0.0], dtype=F64))
    assert hessian[1, 1].item() == pytest.approx(2.0)  # d2L/db2 = 2, the steepest direction, as the page says
    assert hessian[0, 0].item() == pytest.approx(2 * (ns["x_train"] ** 2).mean().item())
    assert hessian[0, 0] < hessian[1, 1]
    limit = 2 / torch.linalg.eigvalsh(hessian).max().item()  # eta above 2 / (largest curvature) diverges
    assert limit == pytest.approx(1.0, abs=0.01)
    rates = ns["LEARNING_RATES"]
    assert rates["too small"] < rates["good"] < limit < rates["too large"]


@pytest.mark.parametrize(("curvature", "rate"), [(2.0, 0.02), (2.0, 0.5), (2.0, 1.05), (0.5, 3.0)])
def test_one_dimensional_bowl(curvature, rate):
    """L = a/2 (theta - theta*)^2 has derivative a (theta - theta*); a step multiplies the distance by 1 - eta a."""
    target = 1.5

    def bowl(theta):
        return curvature / 2 * (theta - target) ** 2

    assert_three_ways(bowl, lambda theta: curvature * (theta - target), POINTS)
    theta = torch.tensor(-2.0, dtype=F64, requires_grad=True)
    (slope,) = torch.autograd.grad(bowl(theta), theta)
    stepped = theta.detach() - rate * slope
    assert (stepped - target).item() == pytest.approx((1 - rate * curvature) * (theta.item() - target))
    assert (abs(1 - rate * curvature) < 1) == (0 < rate < 2 / curvature)


def test_curvature_along_b_is_two_three_ways(ns):
    mse_loss, h = ns["mse_loss"], 1e-4
    for m, b in [(-1.0, 3.0), (2.0, 1.0), (4.0, -2.0)]:
        params = torch.tensor([m, b], dtype=F64)
        autograd = torch.autograd.functional.hessian(lambda p: mse_loss(p[0], p[1]), params)[1, 1].item()
        numeric = ((mse_loss(m, b + h) - 2 * mse_loss(m, b) + mse_loss(m, b - h)) / h**2).item()
        assert autograd == pytest.approx(2.0, rel=1e-12)  # d2/db2 of the mean of (m x + b - y)^2 is 2
        assert numeric == pytest.approx(2.0, rel=1e-5)


def test_gradient_descent_follows_the_update_rule(ns):
    x, y = ns["x_train"], ns["y_train"]
    for name, rate in ns["LEARNING_RATES"].items():
        path, losses = ns["runs"][name]
        assert len(path) == len(losses) == ns["NUM_STEPS"] + 1
        m, b = ns["START_W"], ns["START_B"]
        for (page_m, page_b), page_loss in zip(path, losses, strict=True):
            assert (page_m, page_b) == (pytest.approx(m, rel=1e-9, abs=1e-12), pytest.approx(b, rel=1e-9, abs=1e-12))
            assert page_loss == pytest.approx(ns["mse_loss"](m, b).item(), rel=1e-9, abs=1e-15)
            grad_m, grad_b = mse_gradient_formula(m, b, x, y)
            m, b = m - rate * grad_m, b - rate * grad_b


def test_too_large_learning_rate_diverges(ns):
    path, losses = ns["runs"]["too large"]
    assert losses[-1] > 10 * losses[0]
    assert all(later > earlier for earlier, later in itertools.pairwise(losses[-10:]))  # still growing at the end
    assert abs(path[-1][1] - 1) > abs(path[0][1] - 1)  # the intercept ends further from 1 than it started


def test_good_learning_rate_converges(ns):
    path, losses = ns["runs"]["good"]
    assert losses[-1] < 1e-6
    assert path[-1] == (pytest.approx(2.0, abs=1e-3), pytest.approx(1.0, abs=1e-3))


def test_too_small_learning_rate_is_slow(ns):
    _, small = ns["runs"]["too small"]
    _, good = ns["runs"]["good"]
    assert all(later < earlier for earlier, later in itertools.pairwise(small))  # it does go downhill ...
    assert small[-1] > 0.1  # ... but is still far from the minimum when the steps run out
    assert small[-1] > 1e6 * good[-1]


# --- 5. Forward propagation ----------------------------------------------------------------------------------


def test_xor_network_is_2_8_1_with_tanh(ns):
    network = ns["xor_network"]
    assert [type(layer) for layer in network] == [nn.Linear, nn.Tanh, nn.Linear]
    assert network[0].weight.shape == (8, 2)
    assert network[2].weight.shape == (1, 8)
    assert (ns["LEARNING_RATE"], ns["NUM_EPOCHS"]) == (0.05, 500)


def test_xor_data_are_xor(ns):
    inputs, labels = ns["xor_inputs"], ns["xor_labels"]
    expected = [[float(int(a) ^ int(b))] for a, b in inputs.tolist()]
    assert labels.tolist() == expected


def xor_accuracy(network, inputs, labels):
    with torch.no_grad():
        return ((network(inputs) > 0).float() == labels).float().mean().item()


def test_seed_0_solves_xor(ns):
    assert xor_accuracy(ns["xor_network"], ns["xor_inputs"], ns["xor_labels"]) == 1.0
    assert ns["xor_accuracy"] == 1.0


@pytest.mark.slow
def test_the_configuration_solves_xor_for_seeds_0_to_19(ns):
    failures = [
        seed
        for seed in range(20)
        if xor_accuracy(ns["train_xor"](seed), ns["xor_inputs"], ns["xor_labels"]) != 1.0  # retrained per seed
    ]
    assert not failures, f"seeds that did not reach 100% accuracy: {failures}"


def test_train_xor_is_reproducible(ns):
    retrained = ns["train_xor"](0)
    for mine, page in zip(retrained.parameters(), ns["xor_network"].parameters(), strict=True):
        assert_close(mine, page)


def test_forward_pass_by_hand_matches_the_network(ns):
    assert_close(ns["probabilities_by_hand"], ns["probabilities_pytorch"])
    # and once more here, in float64, one input at a time, from the equations on the page
    network = ns["xor_network"]
    W1, b1 = network[0].weight.detach().double(), network[0].bias.detach().double()
    W2, b2 = network[2].weight.detach().double(), network[2].bias.detach().double()
    for point, probability in zip(ns["xor_inputs"].double(), ns["probabilities_pytorch"], strict=True):
        h = torch.tanh(W1 @ point + b1)
        z = W2 @ h + b2
        assert_close(1 / (1 + torch.exp(-z)), probability.double(), rtol=1e-5, atol=1e-6)


# --- 6. Back-propagation ---------------------------------------------------------------------------------------


def bce_with_logits(w1, b1, w2, b2, inputs, labels):
    """The page's loss, as a function of the four parameter tensors."""
    logits = torch.tanh(inputs @ w1.T + b1) @ w2.T + b2
    return nn.functional.binary_cross_entropy_with_logits(logits, labels)


def float64_copy(network):
    copy = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1)).double()
    copy.load_state_dict({k: v.double() for k, v in network.state_dict().items()})
    return copy


def test_page_backprop_matches_autograd(ns):
    for by_hand, parameter in zip(ns["gradients_by_hand"], ns["untrained_network"].parameters(), strict=True):
        assert by_hand.shape == parameter.shape
        assert_close(by_hand, parameter.grad)


def test_backprop_starts_from_the_training_start(ns):
    torch.manual_seed(0)
    start = ns["make_xor_network"]()
    for mine, page in zip(start.parameters(), ns["untrained_network"].parameters(), strict=True):
        assert_close(mine, page)


def chain_rule_gradients(w1, b1, w2, b2, inputs, labels):
    """The page's equations, written element by element with loops over samples and units."""
    n = len(inputs)
    grads = [torch.zeros_like(t) for t in (w1, b1, w2, b2)]
    for i in range(n):
        x, y = inputs[i], labels[i, 0]
        h = torch.tanh(w1 @ x + b1)
        y_hat = torch.sigmoid(w2[0] @ h + b2[0])
        delta = (y_hat - y) / n
        grads[3][0] += delta
        for j in range(len(h)):
            grads[2][0, j] += delta * h[j]
            dL_da = delta * w2[0, j] * (1 - h[j] ** 2)
            grads[1][j] += dL_da
            for k in range(len(x)):
                grads[0][j, k] += dL_da * x[k]
    return grads


@pytest.mark.parametrize("which", ["untrained", "trained", "seed 7 start"])
def test_backprop_three_ways_in_float64(ns, which):
    if which == "seed 7 start":
        torch.manual_seed(7)
        network = ns["make_xor_network"]()
    else:
        network = ns["untrained_network" if which == "untrained" else "xor_network"]
    network = float64_copy(network)
    inputs, labels = ns["xor_inputs"].double(), ns["xor_labels"].double()
    params = [p.detach().clone().requires_grad_(True) for p in network.parameters()]

    formula = chain_rule_gradients(*[p.detach() for p in params], inputs, labels)
    page_formula = ns["xor_gradients_by_hand"](network, inputs, labels)
    autograd = torch.autograd.grad(bce_with_logits(*params, inputs, labels), params)
    for mine, page, auto in zip(formula, page_formula, autograd, strict=True):
        assert_close(page, mine, rtol=1e-10, atol=1e-14)
        assert_close(auto, mine, rtol=1e-10, atol=1e-14)

    # central differences, one weight at a time
    for index, (param, mine) in enumerate(zip(params, formula, strict=True)):
        flat = param.detach().flatten()
        for element in range(flat.numel()):
            shifted = []
            for sign in (1, -1):
                moved = flat.clone()
                moved[element] += sign * FD_STEP
                values = [p.detach() for p in params]
                values[index] = moved.reshape(param.shape)
                shifted.append(bce_with_logits(*values, inputs, labels))
            numeric = (shifted[0] - shifted[1]) / (2 * FD_STEP)
            assert numeric.item() == pytest.approx(mine.flatten()[element].item(), rel=1e-6, abs=1e-10)

    assert torch.autograd.gradcheck(lambda *p: bce_with_logits(*p, inputs, labels), tuple(params))


def test_trained_gradients_are_close_to_zero(ns):
    trained = ns["xor_gradients_by_hand"](ns["xor_network"], ns["xor_inputs"], ns["xor_labels"])
    untrained = ns["gradients_by_hand"]
    largest_trained = max(g.abs().max().item() for g in trained)
    largest_untrained = max(g.abs().max().item() for g in untrained)
    assert largest_trained < 0.01
    assert largest_trained < largest_untrained / 10


@pytest.mark.parametrize(
    ("name", "function", "formula"),
    [
        ("sigmoid", torch.sigmoid, lambda u: torch.sigmoid(u) * (1 - torch.sigmoid(u))),
        ("tanh", torch.tanh, lambda a: 1 - torch.tanh(a) ** 2),
        ("sin", torch.sin, torch.cos),
        (
            "bce, y = 1",
            lambda z: nn.functional.binary_cross_entropy_with_logits(z, torch.ones_like(z), reduction="none"),
            lambda z: torch.sigmoid(z) - 1,
        ),
        (
            "bce, y = 0",
            lambda z: nn.functional.binary_cross_entropy_with_logits(z, torch.zeros_like(z), reduction="none"),
            torch.sigmoid,
        ),
        (
            "bce by its definition, y = 1",
            lambda z: -torch.log(1 / (1 + torch.exp(-z))),
            lambda z: 1 / (1 + torch.exp(-z)) - 1,
        ),
        (
            "bce by its definition, y = 0",
            lambda z: -torch.log(1 - 1 / (1 + torch.exp(-z))),
            lambda z: 1 / (1 + torch.exp(-z)),
        ),
        ("power rule, r^-2", lambda r: r**-2, lambda r: -2 * r**-3),
    ],
)
def test_local_derivatives_the_page_uses(name, function, formula):
    points = torch.linspace(0.3, 3.0, 10, dtype=F64) if "power" in name else POINTS
    assert_three_ways(function, formula, points)
    assert torch.autograd.gradcheck(function, (points.clone().requires_grad_(True),))


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


# --- the page as a whole -----------------------------------------------------------------------------------------


def test_figures_are_where_the_page_says(run):
    figures = {path.name: count for path, count in zip(run.snippets, run.figures, strict=True)}
    drawn = {name for name, count in figures.items() if count}
    assert drawn == {
        "secant_plot.py",
        "gravity_plot.py",
        "loss_contour.py",
        "gradient_descent_plot.py",
        "local_minima_plot.py",
        "xor_plot.py",
    }


# --- non-convex loss -----------------------------------------------------------------------------------------


def bumpy_slope(theta):
    return 4 * theta**3 - 6 * theta + 1


def test_bumpy_loss_and_its_slope_three_ways(ns):
    assert_close(ns["bumpy_loss"](POINTS), POINTS**4 - 3 * POINTS**2 + POINTS)
    assert_three_ways(ns["bumpy_loss"], bumpy_slope, POINTS)


def bumpy_critical_points():
    """The three zeros of the slope 4t^3 - 6t + 1, in increasing order, by numpy's polynomial roots."""
    import numpy as np

    roots = np.sort(np.roots([4, 0, -6, 1]).real)
    return [float(r) for r in roots]


def test_two_starts_end_in_different_minima_and_only_one_is_global(ns):
    left_min, hilltop, right_min = bumpy_critical_points()
    loss = ns["bumpy_loss"]
    (start_left, path_left), (start_right, path_right) = ns["bumpy_paths"].items()
    assert start_left < hilltop < start_right  # "on either side of the hilltop"
    assert path_left[-1] == pytest.approx(left_min, abs=1e-4)
    assert path_right[-1] == pytest.approx(right_min, abs=1e-4)
    for end in (path_left[-1], path_right[-1]):  # "at both ends the slope is zero"
        assert abs(bumpy_slope(end)) < 1e-3
    # the left valley is the deeper one, and it is the global minimum the grid finds
    assert loss(torch.tensor(left_min)) < loss(torch.tensor(right_min))
    assert ns["lowest_theta"] == pytest.approx(left_min, abs=1e-3)
    thetas = torch.linspace(-10, 10, 200001, dtype=F64)
    assert thetas[loss(thetas).argmin()].item() == pytest.approx(left_min, abs=1e-3)
    # the paths follow theta <- theta - rate * slope
    for path in (path_left, path_right):
        for before, after in itertools.pairwise(path):
            assert after == pytest.approx(before - ns["BUMPY_RATE"] * bumpy_slope(before), rel=1e-12, abs=1e-14)


# --- width, not activation ------------------------------------------------------------------------------------


def test_xor_runs_show_width_matters_and_activation_does_not_clearly(ns):
    solved, starts = ns["solved"], ns["NUM_STARTS"]
    # eight hidden units: every start succeeds with both activations
    assert solved["sigmoid", 8] == solved["tanh", 8] == starts
    # two hidden units: many starts fail with either ...
    assert solved["sigmoid", 2] <= 0.7 * starts
    assert solved["tanh", 2] <= 0.7 * starts
    # ... and neither is clearly ahead (within a tenth of the starts)
    assert abs(solved["sigmoid", 2] - solved["tanh", 2]) <= 0.1 * starts


def test_summed_losses_train_stacked_networks_independently():
    """The page's claim: with the losses summed, Adam trains each stacked network as if alone."""
    torch.manual_seed(3)
    stacked = [torch.randn(3, 2, 4, dtype=F64), torch.randn(3, 4, 1, dtype=F64)]
    inputs = torch.randn(5, 2, dtype=F64)
    targets = torch.randn(5, 1, dtype=F64)

    def train(weights, steps=20):
        weights = [w.clone().requires_grad_(True) for w in weights]
        optimizer = torch.optim.Adam(weights, lr=0.05)
        for _ in range(steps):
            optimizer.zero_grad()
            out = torch.tanh(inputs @ weights[0]) @ weights[1]
            ((out - targets) ** 2).mean(dim=(-2, -1)).sum().backward()
            optimizer.step()
        return [w.detach() for w in weights]

    together = train(stacked)
    for k in range(3):
        alone = train([w[k : k + 1] for w in stacked])
        for w_together, w_alone in zip(together, alone, strict=True):
            assert_close(w_together[k : k + 1], w_alone)


def test_batched_start_range_is_nn_linears():
    """The page's comment: nn.Linear starts its weights and biases uniform in +-1/sqrt(fan_in)."""
    torch.manual_seed(0)
    layer = nn.Linear(8, 1000)
    bound = 8**-0.5
    for tensor in (layer.weight, layer.bias):
        assert tensor.abs().max().item() <= bound
        assert tensor.abs().max().item() > 0.95 * bound


# --- exercises -------------------------------------------------------------------------------------------------


def test_exercise1_derivative_three_ways(ns):
    assert ns["cubic_formula"] == pytest.approx(3 * 1.5**2 - 2)
    assert ns["cubic_autograd"].item() == pytest.approx(ns["cubic_formula"], rel=1e-12)
    assert ns["cubic_numeric"].item() == pytest.approx(ns["cubic_formula"], rel=1e-8)
    assert_three_ways(ns["cubic"], lambda x: 3 * x**2 - 2, POINTS)


def test_exercise2_learning_rates_either_side_of_the_limit(ns, run):
    runs = {rate: ns["gradient_descent"](rate) for rate in ns["EXERCISE_RATES"]}
    assert sorted(runs) == [0.9, 1.1]
    for rate, (path, losses) in runs.items():
        offsets = [b - 1 for _, b in path]
        # b changes side of 1 at every one of the first steps
        assert all(a * b < 0 for a, b in itertools.pairwise(offsets[:5]))
        sizes = [abs(o) for o in offsets[:5]]
        if rate == 0.9:
            assert sizes == sorted(sizes, reverse=True)  # each time closer
            assert losses[-1] < 1e-4
        else:
            assert sizes == sorted(sizes)  # each time further
            assert losses[-1] > 1e4 * losses[0]
            assert all(later > earlier for earlier, later in itertools.pairwise(losses[-10:]))
    printed = run.printed("exercise2_learning_rate.py")
    assert printed.count("loss after") == 2


def test_exercise3_the_hilltop_divides_the_starts(ns):
    left_min, hilltop, right_min = bumpy_critical_points()
    assert ns["hilltop"].item() == pytest.approx(hilltop, abs=1e-3)
    for start, end in zip(ns["valley_starts"].tolist(), ns["valley_ends"].tolist(), strict=True):
        expected = left_min if start < hilltop else right_min
        assert end == pytest.approx(expected, abs=1e-3), start
    assert_close(ns["deeper"], ns["valley_starts"] < hilltop)


def test_exercise4_sigmoid_backprop_matches_autograd(ns):
    network = ns["sigmoid_network"]
    assert [type(layer) for layer in network] == [nn.Linear, nn.Sigmoid, nn.Linear]
    for by_hand, parameter in zip(ns["sigmoid_by_hand"], network.parameters(), strict=True):
        assert by_hand.shape == parameter.shape
        assert_close(by_hand, parameter.grad)
    # in float64 against autograd, at another start
    torch.manual_seed(5)
    other = nn.Sequential(nn.Linear(2, 8), nn.Sigmoid(), nn.Linear(8, 1)).double()
    inputs, labels = ns["xor_inputs"].double(), ns["xor_labels"].double()
    autograd = torch.autograd.grad(
        nn.functional.binary_cross_entropy_with_logits(other(inputs), labels), list(other.parameters())
    )
    for mine, auto in zip(ns["sigmoid_xor_gradients_by_hand"](other, inputs, labels), autograd, strict=True):
        assert_close(mine, auto, rtol=1e-10, atol=1e-14)


def test_exercises_do_not_rebind_the_lessons_names(run):
    check_exercises_come_last_and_leave_the_lessons_names_alone(run)
