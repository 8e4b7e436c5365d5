"""The linear-regression lesson: its snippets run, and what they compute is right."""

import pytest
import torch
from torch.testing import assert_close

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
