"""The gradient descent lesson: the loss surface, its gradient three ways, gradient descent doing what the page says."""

import itertools
import json

import pytest
import torch
from derivative_checks import F64, FD_STEP, POINTS, assert_three_ways, printed_numbers
from torch.testing import assert_close

PAGE = "gradient-descent.md"


def test_the_carried_over_central_difference_is_the_first_lessons(ns, lesson):
    """The page defines part 1's central difference again; it must compute the same thing."""
    first = lesson("gradients.md").namespace["central_difference"]
    x = torch.linspace(-1.0, 2.0, 7, dtype=F64)
    for function in (torch.exp, torch.sin, lambda t: t**3 - 2 * t):
        assert_close(ns["central_difference"](function, x), first(function, x), rtol=0, atol=0)
        assert_close(ns["central_difference"](function, x, h=0.1), first(function, x, h=0.1), rtol=0, atol=0)
    assert ns["central_difference"].__defaults__ == first.__defaults__


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


def test_the_hessian_and_its_limits_as_printed(ns, run):
    """The page's Hessian: constant, steepest eigenvalue a little above d2L/db2 = 2, nearly along b,
    and the overshoot limit 1/a and the divergence limit 2/a that the output prints."""
    x, mse_loss = ns["x_train"], ns["mse_loss"]
    expected = 2 * torch.tensor([[(x**2).mean(), x.mean()], [x.mean(), 1.0]], dtype=F64)
    assert_close(ns["hessian"], expected)
    for m, b in [(0.0, 0.0), (5.0, -3.0)]:  # the same everywhere: L is a quadratic
        other = torch.autograd.functional.hessian(lambda p: mse_loss(p[0], p[1]), torch.tensor([m, b], dtype=F64))
        assert_close(other, expected)
    steepest = ns["steepest"]
    assert steepest == pytest.approx(torch.linalg.eigvalsh(expected).max().item())
    assert steepest >= expected[1, 1].item()  # never below the diagonal number 2
    assert steepest < 2.01  # "a little": the limits stay about 1/2 and 1
    assert 0.99 < ns["steepest_b"] <= 1  # nearly the b axis
    assert ns["steepest_b"] > 0
    lines = run.printed("curvature.py").splitlines()
    assert printed_numbers(lines[-2])[-1] == pytest.approx(1 / steepest, abs=1e-4)
    assert printed_numbers(lines[-1])[-1] == pytest.approx(2 / steepest, abs=1e-4)
    assert 1 / steepest < 0.5 < 2 / steepest < 1  # "a little below" 1/2 and 1


def test_steps_multiply_the_distance_by_i_minus_eta_h_along_each_eigenvector(ns):
    """d <- (I - eta H) d: along each eigenvector the distance to (2, 1) is multiplied by 1 - eta * curvature."""
    curvatures, directions = ns["curvatures"], ns["directions"]
    for name, rate in ns["LEARNING_RATES"].items():
        path = torch.tensor(ns["runs"][name][0], dtype=F64) - torch.tensor([2.0, 1.0], dtype=F64)
        along = path @ directions  # the distance's coordinates along the two eigenvectors
        for before, after in itertools.pairwise(along[:8]):
            assert_close(after, (1 - rate * curvatures) * before, rtol=1e-9, atol=1e-12)


def test_the_rates_fall_in_the_regimes_the_page_names(ns):
    steepest, gentle = ns["steepest"], ns["curvatures"][0].item()
    rates = ns["LEARNING_RATES"]
    assert rates["too small"] < 1 / steepest  # no overshoot, slow
    assert abs(1 - rates["good"] * steepest) < 0.01  # "nearly cancels the distance along the steep direction"
    assert 2 / steepest < rates["too large"] < 2 / gentle  # diverges along the steep one only


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


def test_below_the_divergence_limit_every_start_reaches_the_single_minimum(ns):
    """The page: both curvatures positive, one minimum, reached from any start below the limit."""
    assert ns["curvatures"].min().item() > 0
    x, y = ns["x_train"], ns["y_train"]
    torch.manual_seed(6)
    for rate in (0.3, 0.9, 0.99 * 2 / ns["steepest"]):
        m, b = (torch.randn(2, 20, dtype=F64) * 10).unbind()  # twenty starts at once
        for _ in range(3000):
            error = m[:, None] * x + b[:, None] - y
            m, b = m - rate * 2 * (error * x).mean(dim=1), b - rate * 2 * error.mean(dim=1)
        assert_close(m, torch.full_like(m, 2.0), rtol=0, atol=1e-6)
        assert_close(b, torch.full_like(b, 1.0), rtol=0, atol=1e-6)


def test_the_single_minimiser_as_the_page_shows_it(ns, run):
    """The page: L(2, 1) = 0, L(w* + d_w, b* + d_b) = d^T H d / 2 exactly, both printed curvatures positive,
    so every other (w, b) has a larger loss; with all x_i equal the smaller curvature would be 0."""
    assert ns["mse_loss"](2.0, 1.0).item() == 0.0
    assert "w = 2.0, b = 1.0:  loss 0.0000" in run.printed("loss_data.py")
    hessian = ns["hessian"]
    torch.manual_seed(3)
    for d in torch.randn(50, 2, dtype=F64) * 5:
        d_w, d_b = d.tolist()
        assert ns["mse_loss"](2.0 + d_w, 1.0 + d_b).item() == pytest.approx(0.5 * (d @ hessian @ d).item(), rel=1e-9)
    printed = run.printed("curvature.py").splitlines()
    curvature_line = next(line for line in printed if line.startswith("curvatures:"))
    assert all(value > 0 for value in printed_numbers(curvature_line))
    assert torch.linalg.eigvalsh(hessian).min() > 0
    # on data whose x_i are all equal, the Hessian is singular: a line of minimisers
    same_x = torch.full((10,), 0.3, dtype=F64)

    def loss_same_x(parameters):
        return ((parameters[0] * same_x + parameters[1] - (2 * same_x + 1)) ** 2).mean()

    singular = torch.autograd.functional.hessian(loss_same_x, torch.tensor([0.0, 0.0], dtype=F64))
    assert torch.linalg.eigvalsh(singular).min().abs() < 1e-12
    assert loss_same_x(torch.tensor([2.0 + 1.0, 1.0 - 0.3], dtype=F64)).item() == pytest.approx(0.0, abs=1e-24)


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


def test_two_starts_end_in_different_minima_and_only_one_is_global(ns, run):
    left_min, hilltop, right_min = bumpy_critical_points()
    loss = ns["bumpy_loss"]
    (start_left, path_left), (start_right, path_right) = ns["bumpy_paths"].items()
    assert start_left < hilltop < start_right  # "on either side of the hilltop"
    assert path_left[-1] == pytest.approx(left_min, abs=1e-4)
    assert path_right[-1] == pytest.approx(right_min, abs=1e-4)
    for end in (path_left[-1], path_right[-1]):  # "at both ends the slope is practically zero"
        assert abs(bumpy_slope(end)) < 1e-6
    printed_slopes = [printed_numbers(line)[-1] for line in run.printed("local_minima.py").splitlines()[:2]]
    assert all(abs(slope) < 1e-6 for slope in printed_slopes)
    # the hilltop the page prints lies between the two starts
    assert ns["hilltop_theta"] == pytest.approx(hilltop, abs=1e-3)
    assert start_left < ns["hilltop_theta"] < start_right
    # the left valley is the deeper one, and it is the global minimum the grid finds
    assert loss(torch.tensor(left_min)) < loss(torch.tensor(right_min))
    assert ns["lowest_theta"] == pytest.approx(left_min, abs=1e-3)
    thetas = torch.linspace(-10, 10, 200001, dtype=F64)
    assert thetas[loss(thetas).argmin()].item() == pytest.approx(left_min, abs=1e-3)
    # the paths follow theta <- theta - rate * slope
    for path in (path_left, path_right):
        for before, after in itertools.pairwise(path):
            assert after == pytest.approx(before - ns["BUMPY_RATE"] * bumpy_slope(before), rel=1e-12, abs=1e-14)


# --- the page as a whole -----------------------------------------------------------------------------------------


def test_figures_are_where_the_page_says(run):
    figures = {path.name: count for path, count in zip(run.snippets, run.figures, strict=True)}
    drawn = {name for name, count in figures.items() if count}
    assert drawn == {"loss_contour.py", "gradient_descent_plot.py", "local_minima_plot.py"}


# --- exercises -------------------------------------------------------------------------------------------------


def test_exercise1_no_overshoot_overshoot_and_divergence(ns, run):
    runs = {rate: ns["gradient_descent"](rate) for rate in ns["EXERCISE_RATES"]}
    steepest = ns["steepest"]
    assert sorted(runs) == [0.3, 0.9, 1.1]
    assert 0.3 < 1 / steepest < 0.9 < 2 / steepest < 1.1  # one rate in each regime
    # 0.3: b approaches 1 from above and never passes it, and the loss falls at every step
    path, losses = runs[0.3]
    assert all(b - 1 > 0 for _, b in path)
    assert all(later < earlier for earlier, later in itertools.pairwise(losses))
    assert losses[-1] < 1e-3
    for rate in (0.9, 1.1):
        path, losses = runs[rate]
        offsets = [b - 1 for _, b in path]
        # b changes side of 1 at every one of the first steps: it overshoots
        assert all(a * b < 0 for a, b in itertools.pairwise(offsets[:5]))
        sizes = [abs(o) for o in offsets[:5]]
        if rate == 0.9:
            assert sizes == sorted(sizes, reverse=True)  # each time closer
            assert losses[-1] < 1e-4
        else:
            assert sizes == sorted(sizes)  # each time further
            assert losses[-1] > 1e4 * losses[0]
            assert all(later > earlier for earlier, later in itertools.pairwise(losses[-10:]))
    printed = run.printed("exercise1_learning_rate.py")
    assert printed.count("loss after") == 3


def bumpy_descent(start, rate, steps):
    theta = start
    for _ in range(steps):
        theta = theta - rate * bumpy_slope(theta)
    return theta


def test_exercise2_the_start_does_not_decide_alone(ns, run):
    left_min, hilltop, right_min = bumpy_critical_points()
    steps = ns["BUMPY_STEPS"]
    assert ns["hilltop_theta"] == pytest.approx(hilltop, abs=1e-3)
    assert (ns["deep_floor"], ns["shallow_floor"]) == (
        pytest.approx(left_min, abs=1e-4),
        pytest.approx(right_min, abs=1e-4),
    )
    assert ns["VALLEY_RATES"] == [ns["BUMPY_RATE"], 0.1, 0.12]
    lines = run.printed("exercise2_valleys.py").splitlines()
    starts = ns["valley_starts"].tolist()
    for index, rate in enumerate(ns["VALLEY_RATES"]):
        ends = [bumpy_descent(start, rate, steps) for start in starts]
        deep = [s for s, e in zip(starts, ends, strict=True) if abs(e - left_min) < 1e-3]
        shallow = [s for s, e in zip(starts, ends, strict=True) if abs(e - right_min) < 1e-3]
        assert len(deep) + len(shallow) == len(starts)  # every grid start arrives somewhere
        assert printed_numbers(lines[3 * index + 1].split(":")[1]) == deep
        assert printed_numbers(lines[3 * index + 2].split(":")[1]) == shallow
        if rate == ns["BUMPY_RATE"]:  # small steps: the hilltop divides the starts
            assert deep == [s for s in starts if s < hilltop]
        elif rate == 0.1:  # the start 2 ends in the deeper valley
            assert 2.0 in deep
            assert -2.0 in deep
        else:  # and at 0.12 the start -2 ends in the shallower one
            assert 2.0 in deep
            assert -2.0 in shallow
    # the first step of each jumping start lands beyond the hilltop
    assert 2.0 - 0.1 * bumpy_slope(2.0) < hilltop
    assert -2.0 - 0.12 * bumpy_slope(-2.0) > hilltop
    # neither valley: starts within a band around the hilltop, and only there
    near, ends = ns["near_starts"], ns["near_ends"]
    for start, end in zip(near.tolist(), ends.tolist(), strict=True):
        assert end == pytest.approx(bumpy_descent(start, ns["BUMPY_RATE"], steps), abs=1e-9)
    stuck = near[ns["nowhere"]]
    assert 0 < len(stuck) < len(near)
    assert stuck.min() < hilltop < stuck.max()
    assert stuck.max() - stuck.min() < 1e-3
    for start in (hilltop - 1e-6, hilltop + 1e-6):  # a start 1e-6 from the hilltop is still near it
        assert abs(bumpy_descent(start, ns["BUMPY_RATE"], steps) - hilltop) < 0.1
    # with more steps the same starts do arrive: the step count decided too
    for start in stuck.tolist():
        end = bumpy_descent(start, ns["BUMPY_RATE"], 10 * steps)
        assert min(abs(end - left_min), abs(end - right_min)) < 1e-3


# --- autograd and ordinary Python ---------------------------------------------------------------------------------


def grow_by_hand(a):
    """The page's grow, in plain Python: the number of doublings m and the branch give grow(a) = k a."""
    b, k = a * 2, 2
    while abs(b) < 1000:
        b, k = b * 2, k * 2
    return (b, k) if b > 0 else (100 * b, 100 * k)


def test_autograd_follows_loops_and_branches(ns, run):
    grow = ns["grow"]
    torch.manual_seed(8)
    values = [*ns["GROW_AT"][:3], *(torch.rand(20, dtype=F64) * 20 - 10).tolist()]
    ks = set()
    for value in values:
        a = torch.tensor(value, dtype=F64, requires_grad=True)
        grown = grow(a)
        grown.backward()
        expected_value, k = grow_by_hand(value)
        ks.add(k)
        assert grown.item() == pytest.approx(expected_value, rel=1e-12)
        assert a.grad.item() == k  # the hand derivative
        numeric = ns["central_difference"](grow, a.detach())
        assert numeric.item() == pytest.approx(k, rel=1e-6)  # away from a jump: the same
    assert len(ks) > 3  # different loop counts and both branches were exercised
    assert {grow_by_hand(v)[1] for v in ns["GROW_AT"][:3]} == {4096, 409600, 256}
    # at the page's last value the loop count changes: grow jumps there
    edge = ns["GROW_AT"][-1]
    assert edge == 1000 / 2**10
    assert grow_by_hand(edge)[0] == 1000
    assert grow_by_hand(edge - 1e-9)[0] == pytest.approx(2000, rel=1e-6)
    rows = [printed_numbers(line) for line in run.printed("control_flow.py").splitlines()[1:]]
    for row in rows[:3]:
        _, _, k, auto, numeric = row
        assert k == auto == pytest.approx(numeric, rel=1e-6)
    _, grown_edge, k_edge, auto_edge, numeric_edge = rows[3]
    assert (grown_edge, k_edge, auto_edge) == (1000.0, 1024.0, 1024.0)
    assert numeric_edge < -1e7  # the central difference sees the jump


def test_detach_stops_the_gradient_through_it_only(ns, run):
    x = torch.tensor([1.0, 2.0, 3.0], dtype=F64)
    assert ns["frozen"].tolist() == (x**2).tolist()
    assert not ns["frozen"].requires_grad
    assert ns["squares"].requires_grad
    assert ns["frozen"].data_ptr() == ns["squares"].data_ptr()  # the same numbers
    assert_close(ns["x"].grad, 3 * x**2)  # the page's second backward, nothing detached
    # the first backward, repeated here
    leaf = x.clone().requires_grad_(True)
    squares = leaf**2
    (squares.detach() * leaf).sum().backward()
    assert_close(leaf.grad, x**2)
    leaf.grad = None
    (squares * leaf).sum().backward()  # squares kept its record
    assert_close(leaf.grad, 3 * x**2)
    lines = [json.loads(line.split(":")[1]) for line in run.printed("detach_in_graph.py").splitlines()[:4]]
    assert lines[0] == lines[1] == [1.0, 4.0, 9.0]
    assert lines[2] == lines[3] == [3.0, 12.0, 27.0]
