"""The linear-regression lesson: its snippets run, and what they compute is right."""

import math

import pytest
import scipy.stats
import torch
from torch.testing import assert_close

from conftest import DOCS

PAGE = "linear-regression.md"


def least_squares(x, y):
    """The closed-form fit, recomputed here from the normal equations in float64."""
    design = torch.cat([x, torch.ones_like(x)], dim=1).double()
    return torch.linalg.solve(design.T @ design, design.T @ y.double()).squeeze(1)


def test_data_follows_the_stated_recipe(ns):
    x, y = ns["x"], ns["y"]
    assert x.shape == y.shape == (1000, 1)
    assert x.min() >= -1
    assert x.max() <= 1
    residual = y - (2 * x + 1)
    assert residual.std().item() == pytest.approx(0.05, rel=0.1)


def test_loader_is_full_batch(ns):
    assert len(ns["train_loader"]) == 1
    x_batch, y_batch = next(iter(ns["train_loader"]))
    assert_close(x_batch, ns["x"])
    assert_close(y_batch, ns["y"])


def test_learned_parameters_match_least_squares(ns):
    exact = least_squares(ns["x"], ns["y"])
    learned = torch.tensor([ns["learned_w"], ns["learned_b"]], dtype=torch.float64)
    assert_close(learned, exact, atol=0.01, rtol=0)


def test_page_prints_the_closed_form_from_the_normal_equations(ns):
    exact = least_squares(ns["x"], ns["y"])
    assert_close(torch.tensor([ns["exact_w"], ns["exact_b"]], dtype=torch.float64), exact, atol=1e-4, rtol=0)


def test_loss_falls_to_the_noise_floor(ns):
    losses = ns["losses"]
    assert len(losses) == ns["NUM_EPOCHS"] == 200
    assert losses[-1] < losses[0] / 10
    assert losses[-1] == pytest.approx(0.05**2, rel=0.15)


def test_hand_gradients_equal_autograd(ns):
    x, y = ns["x"].double(), ns["y"].double()
    w = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(-0.3, dtype=torch.float64, requires_grad=True)
    ((w * x + b - y) ** 2).mean().backward()
    by_hand = ns["mse_gradients"](w.detach(), b.detach(), x, y)
    assert_close(torch.stack(by_hand), torch.stack([w.grad, b.grad]))
    # and the page's own autograd values, in float32
    assert_close(ns["w"].grad, by_hand[0].float(), rtol=1e-5, atol=1e-6)
    assert_close(ns["b"].grad, by_hand[1].float(), rtol=1e-5, atol=1e-6)


def test_hand_gradients_match_finite_differences(ns):
    x, y = ns["x"].double(), ns["y"].double()
    w0, b0, h = 0.5, -0.3, 1e-5

    def loss(w, b):
        return ((w * x + b - y) ** 2).mean()

    numeric_w = (loss(w0 + h, b0) - loss(w0 - h, b0)) / (2 * h)
    numeric_b = (loss(w0, b0 + h) - loss(w0, b0 - h)) / (2 * h)
    by_hand = ns["mse_gradients"](torch.tensor(w0, dtype=torch.float64), torch.tensor(b0, dtype=torch.float64), x, y)
    assert_close(torch.stack(by_hand), torch.stack([numeric_w, numeric_b]), rtol=1e-6, atol=1e-8)


def test_device_agnostic_training_gives_the_same_line(ns):
    model = ns["model"]  # the last snippet trained it on `device`
    assert next(model.parameters()).device.type == ns["device"].type
    trained = torch.tensor([model.linear.weight.item(), model.linear.bias.item()])
    assert_close(trained, torch.tensor([ns["learned_w"], ns["learned_b"]]), atol=1e-5, rtol=0)


def test_each_epoch_does_five_things(run):
    """The page lists five things the loop does for each batch; step 7's loop does them in that order."""
    code = run.snippets[[p.name for p in run.snippets].index("step7_train.py")].read_text()
    order = ["optimizer.zero_grad()", "model(x_batch)", "criterion(", "loss.backward()", "optimizer.step()"]
    positions = [code.index(call) for call in order]
    assert positions == sorted(positions)
    page = (DOCS / PAGE).read_text()
    assert "the same five\nthings" in page


# --- mini-batches and learning-rate schedules ----------------------------------------------------------------


def test_lowest_loss_is_the_least_squares_lines(ns):
    x, y = ns["x"].double(), ns["y"].double()
    w, b = least_squares(ns["x"], ns["y"]).tolist()
    assert ns["lowest_loss"] == pytest.approx(((w * x + b - y) ** 2).mean().item(), rel=1e-4)
    for above in ns["above_lowest"].values():
        assert above.min().item() >= -ns["lowest_loss"] * 1e-5


def test_batch_sizes_are_compared_over_five_shuffle_seeds(run, ns):
    assert ns["SHUFFLE_SEEDS"] == [0, 1, 2, 3, 4]
    for above in ns["above_lowest"].values():
        assert above.shape == (5, ns["BATCH_EPOCHS"] + 1)
    small = ns["above_lowest"][10]
    assert len({tuple(row) for row in small.tolist()}) == 5  # the seeds give different runs
    # the same start for every batch size and seed
    starts = torch.cat([above[:, 0] for above in ns["above_lowest"].values()])
    assert_close(starts, starts[:1].expand_as(starts))
    # the table prints the mean and the standard deviation over the seeds
    rows = run.printed("minibatch_sizes.py").splitlines()[3:]
    for row, (size, above) in zip(rows, ns["above_lowest"].items(), strict=True):
        after_1, after_5 = above[:, 1], above[:, ns["BATCH_EPOCHS"]]
        expected = f"{after_1.mean():.2e} ± {after_1.std():.1e}   {after_5.mean():.2e} ± {after_5.std():.1e}"
        assert row.split()[0] == str(size)
        assert row.endswith(expected)


def test_smaller_batches_descend_faster_per_epoch_beyond_the_spread_of_the_seeds(ns):
    above = ns["above_lowest"]
    assert list(above) == [1000, 100, 10]
    for epoch in (1, ns["BATCH_EPOCHS"]):
        means = [above[size][:, epoch].mean().item() for size in (1000, 100, 10)]
        spreads = [above[size][:, epoch].std().item() for size in (1000, 100, 10)]
        assert means[0] > means[1] > means[2]
        # the gaps between the batch sizes are far larger than the spreads over the seeds
        assert means[0] - means[1] > 5 * max(spreads[:2])
        assert means[1] - means[2] > 5 * max(spreads[1:])
    # batches of 10 are close within the first epoch; the full batch is far off after all five
    assert above[10][:, 1].mean() < 1e-3 * above[1000][:, 1].mean()
    assert above[1000][:, -1].min() > 100 * ns["lowest_loss"]


def test_small_batches_do_not_settle_with_a_fixed_rate(ns):
    small = ns["above_lowest"][10][:, 1:]
    steps = small[:, 1:] - small[:, :-1]
    assert ((steps > 0).any(dim=1) & (steps < 0).any(dim=1)).all()  # up and down, for every seed ...
    mean_steps = small.mean(dim=0).diff()
    assert (mean_steps > 0).any()  # ... and in the mean the table prints
    assert (mean_steps < 0).any()
    assert small.min() > 0


def test_step_lr_divides_the_rate_as_torch_documents(ns):
    every = ns["STEP_EVERY"]
    expected = [ns["LEARNING_RATE"] * 0.1 ** ((k - 1) // every) for k in range(1, ns["BATCH_EPOCHS"] + 1)]
    assert ns["scheduled_rates"] == pytest.approx(expected)
    # torch's own closed form, read from torch/optim/lr_scheduler.py: base_lr * gamma ** (last_epoch // step_size)
    parameter = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([parameter], lr=0.1)
    schedule = torch.optim.lr_scheduler.StepLR(optimizer, step_size=every, gamma=0.1)
    seen = []
    for _ in range(ns["BATCH_EPOCHS"]):
        seen.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        schedule.step()
    assert seen == pytest.approx(expected)


def test_the_schedule_ends_closer_to_the_lowest_loss(run, ns):
    every = ns["STEP_EVERY"]
    fixed, scheduled = ns["fixed_above"], ns["scheduled_above"]
    assert fixed is ns["above_lowest"][ns["SCHEDULE_BATCH"]]
    assert scheduled.shape == fixed.shape == (5, ns["BATCH_EPOCHS"] + 1)
    # identical until the first cut, since the runs share their seeds and so their batches
    assert torch.equal(scheduled[:, : every + 1], fixed[:, : every + 1])
    for epoch in range(every + 1, ns["BATCH_EPOCHS"] + 1):  # once the rate has been cut
        assert scheduled[:, epoch].mean() < fixed[:, epoch].mean() / 5  # several times smaller on average ...
        assert scheduled[:, epoch].std() < fixed[:, epoch].std() / 5  # ... and so is the spread
    rows = run.printed("lr_schedule.py").splitlines()[3:]
    assert len(rows) == ns["BATCH_EPOCHS"]
    for epoch, row in enumerate(rows, start=1):
        cut = scheduled[:, epoch]
        assert row.endswith(f"{cut.mean():.2e} ± {cut.std():.1e}")


# --- exercises -------------------------------------------------------------------------------------------------


def test_exercise1_learning_rates(ns, run):
    floor = ns["lowest_loss"]
    assert ns["loss_after_training"](ns["LEARNING_RATE"]) == pytest.approx(ns["losses"][-1], rel=1e-4)
    slow = ns["loss_after_training"](0.01)
    assert slow > 10 * floor  # still on its way
    assert ns["loss_after_training"](1.1) > 1e6  # explodes
    lines = run.printed("exercise1_learning_rate.py").splitlines()
    assert len(lines) == 3


def test_exercise2_gradients_vanish_at_the_least_squares_line(ns):
    start_w, start_b = ns["at_start"]
    grad_w, grad_b = ns["at_least_squares"]
    assert abs(grad_w.item()) < 1e-4
    assert abs(grad_b.item()) < 1e-4
    assert abs(start_w.item()) > 0.5
    assert abs(start_b.item()) > 0.5
    # in float64 the gradient at the exact least-squares line is zero to rounding
    exact = least_squares(ns["x"], ns["y"])
    x, y = ns["x"].double(), ns["y"].double()
    exact_grads = ns["mse_gradients"](exact[0], exact[1], x, y)
    assert max(abs(g.item()) for g in exact_grads) < 1e-12


def test_exercise3_step_lr(ns):
    rates = ns["rate_in_epoch"]
    for epoch, rate in rates.items():
        assert rate == pytest.approx(0.1 * 0.5 ** ((epoch - 1) // 50))
    assert rates[120] == pytest.approx(0.025)


# --- why squared error: maximum likelihood ---------------------------------------------------------------------


def test_negative_log_likelihood_is_an_offset_plus_a_multiple_of_the_mse(ns):
    """-log likelihood = n/2 log(2 pi s^2) + n/(2 s^2) L(w, b), with the normal log density from scipy."""
    x, y = ns["x"].double(), ns["y"].double()
    n = len(x)
    generator = torch.Generator().manual_seed(0)
    lines = (torch.rand(5, 3, generator=generator, dtype=torch.float64) * 2 + 0.01).tolist()
    for w, b, s in [*lines, [0.5, -0.3, 0.05]]:
        nll = -scipy.stats.norm.logpdf(y.numpy(), loc=(w * x + b).numpy(), scale=s).sum()  # scipy's own log density
        mse = ((w * x + b - y) ** 2).mean().item()
        assert nll == pytest.approx(n / 2 * math.log(2 * math.pi * s**2) + n / (2 * s**2) * mse, rel=1e-10)
    # the page's two functions and its offset and scale, at the page's noise level
    assert ns["offset"] == pytest.approx(n / 2 * math.log(2 * math.pi * 0.05**2))
    assert ns["scale"] == pytest.approx(n / (2 * 0.05**2))
    for w, b in [(0.5, -0.3), (2.0, 1.0), (1.3, 0.2)]:
        by_page = ns["negative_log_likelihood"](w, b).item()
        assert by_page == pytest.approx(ns["offset"] + ns["scale"] * ns["squared_error"](w, b).item(), rel=1e-12)


def test_minimising_the_nll_and_the_mse_land_on_the_least_squares_line(run, ns):
    exact = least_squares(ns["x"], ns["y"])
    assert_close(torch.tensor(ns["by_squared_error"], dtype=torch.float64), exact, atol=1e-8, rtol=0)
    assert_close(torch.tensor(ns["by_likelihood"], dtype=torch.float64), exact, atol=1e-8, rtol=0)
    assert_close(ns["exact64"], exact, atol=1e-10, rtol=0)
    # "to every digit printed": the three rows print the same numbers
    rows = run.printed("max_likelihood.py").splitlines()[-3:]
    assert [row[:18].strip() for row in rows] == ["squared error", "-log likelihood", "least squares"]
    assert len({row[18:] for row in rows}) == 1
    # and the two columns of the first table agree
    for row in run.printed("max_likelihood.py").splitlines()[2:4]:
        assert row.split()[-2] == row.split()[-1]


def test_the_maximum_likelihood_line_does_not_depend_on_the_noise_level(ns):
    """For any sigma, the minimiser of -log likelihood is the least-squares line (the page says so)."""
    from torch.distributions import Normal

    x, y = ns["x"].double(), ns["y"].double()
    exact = least_squares(ns["x"], ns["y"])
    for noise_std in (0.01, 0.5, 3.0):
        line = exact.clone().requires_grad_(True)
        (-Normal(line[0] * x + line[1], noise_std).log_prob(y).sum()).backward()
        assert line.grad.abs().max().item() < 1e-6 * len(x) / noise_std**2  # a stationary point ...
    # ... of a loss that is L times a positive number plus a constant, and L is convex with one minimiser here
    design = torch.cat([x, torch.ones_like(x)], dim=1)
    assert torch.linalg.eigvalsh(design.T @ design).min().item() > 0


def test_the_page_follows_the_course_notation():
    page = (DOCS / PAGE).read_text()
    assert "\\ell_i = (\\hat y_i - y_i)^2" in page  # the loss of one sample
    assert "$X$" not in page
    assert "X^\\top X" not in page  # the design matrix is bold
    assert "\\sigma^2" not in page  # sigma alone is the sigmoid; the noise's is sigma_epsilon
