"""The logistic-regression lesson, part 2 (the loss and its gradients): its snippets run, and what they compute and
print is right."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from test_logistic_regression import (
    check_carried_over_from_part_1,
    check_every_output_line_fits_the_code_column,
    definition_source,
)
from torch.testing import assert_close

from conftest import SNIPPETS

PAGE = "cross-entropy.md"
FOLDER = "cross_entropy"
PART_1 = "logistic-regression.md"


# --- carried over from part 1 ---------------------------------------------------------------------------------------


def test_first_snippet_carries_part_1_over_unchanged(run, lesson):
    check_carried_over_from_part_1(run, lesson(PART_1).namespace, FOLDER)
    carried, part_1 = SNIPPETS / FOLDER / "carried_over.py", SNIPPETS / "logistic_regression" / "sigmoid_softmax.py"
    for name in ("sigmoid", "softmax"):
        assert definition_source(carried, name) == definition_source(part_1, name)


def test_every_output_line_fits_the_code_column(run):
    check_every_output_line_fits_the_code_column(run)


# --- the loss and its gradients -------------------------------------------------------------------------------------


def test_hand_written_cross_entropy_equals_pytorch(ns):
    torch.manual_seed(3)
    logits = 4 * torch.randn(64, 10, dtype=torch.float64)
    targets = torch.randint(0, 10, (64,))
    by_hand = ns["cross_entropy"](logits, targets)
    assert_close(by_hand, F.cross_entropy(logits, targets))
    assert_close(by_hand, F.nll_loss(F.log_softmax(logits, dim=1), targets))
    # the page's three values, on the untrained model's logits
    assert_close(ns["by_hand"], ns["pytorch"])
    assert_close(ns["two_steps"], ns["pytorch"])
    assert_close(ns["pytorch"], F.cross_entropy(ns["batch_logits"], ns["y_train_t"][:5]))


def test_untrained_model_pays_more_than_the_uniform_guess(run, ns, split):
    X_train, _, y_train, _ = split
    torch.manual_seed(0)  # the page's untrained model, rebuilt here
    untrained = ns["LogisticRegressionModel"](64, 10)
    X, y = torch.tensor(X_train, dtype=torch.float32), torch.from_numpy(y_train)
    with torch.no_grad():
        logits = untrained(X)
    loss = F.cross_entropy(logits, y).item()
    p_true = torch.softmax(logits, dim=1)[torch.arange(len(y)), y]
    assert ns["untrained_loss"] == pytest.approx(loss, abs=1e-6)
    # the prose: worse than log 10, on the five images and on the whole training set
    assert ns["pytorch"].item() > np.log(10)
    assert loss > np.log(10)
    # all-zero logits give exactly log 10
    assert ns["uniform_loss"] == pytest.approx(np.log(10), abs=1e-6)
    # the logits are not all equal: the largest probability is well above 1/10 on average
    assert ns["mean_max_probability"] > 0.15
    # the true class gets about 1/10 on average, yet the mean of -log p exceeds -log of the mean
    assert ns["mean_p_true"] == pytest.approx(p_true.mean().item(), abs=1e-6)
    assert abs(ns["mean_p_true"] - 0.1) < 0.01
    assert abs(-np.log(ns["mean_p_true"]) - np.log(10)) < 0.1
    assert loss > -np.log(ns["mean_p_true"])
    assert ns["num_unlucky"] == (p_true < 0.05).sum().item() > 0
    text = run.printed("untrained_loss.py")
    assert f"loss of the untrained model:         {loss:.4f}" in text


def test_mse_gradient_vanishes_for_confident_wrong_predictions_and_cross_entropy_does_not(ns):
    z, p, _, mse_grad, _, ce_grad = ns["table"].double().T
    assert_close(mse_grad, 2 * (p - 1) * p * (1 - p), atol=1e-6, rtol=1e-4)
    assert_close(ce_grad, p - 1, atol=1e-6, rtol=1e-4)
    confident_wrong = z <= -5  # the true class is 1
    assert (mse_grad[confident_wrong].abs() < 0.02).all()
    assert (ce_grad[confident_wrong].abs() > 0.99).all()
    # the MSE gradient shrinks as the mistake grows; the cross-entropy gradient grows
    assert mse_grad[z == -10].abs() < mse_grad[z == -5].abs() < mse_grad[z == -2].abs()
    assert ce_grad[z == -10].abs() > ce_grad[z == -5].abs() > ce_grad[z == -2].abs()


def test_cross_entropy_is_the_negative_log_likelihood_and_with_two_classes_the_binary_one(ns):
    torch.manual_seed(7)
    logits, targets = 3 * torch.randn(5, 10, dtype=torch.float64), torch.randint(0, 10, (5,))
    p_true = torch.softmax(logits, dim=1)[torch.arange(5), targets]
    # L = -(1/n) log prod_i p_{i, y_i}
    assert_close(F.cross_entropy(logits, targets), -torch.log(p_true.prod()) / 5)
    # K = 2: the binary cross-entropy of part 1, with p the probability of class 1
    pairs, labels = 3 * torch.randn(20, 2, dtype=torch.float64), torch.randint(0, 2, (20,))
    p_class_1 = torch.softmax(pairs, dim=1)[:, 1]
    assert_close(F.cross_entropy(pairs, labels), F.binary_cross_entropy(p_class_1, labels.double()))


def test_softmax_jacobian_is_p_j_times_delta_jk_minus_p_k(run, ns):
    p = ns["jacobian_p"]
    expected = torch.diag(p) - torch.outer(p, p)
    assert_close(ns["jacobian_by_hand"], expected)
    assert_close(ns["jacobian_autograd"], expected)
    assert_close(
        ns["jacobian_autograd"],
        torch.autograd.functional.jacobian(lambda z: torch.softmax(z, dim=0), ns["jacobian_logits"]),
    )
    # the derivation, on random logits in double precision: d log p_j / dz_k = delta_jk - p_k, and the Jacobian
    torch.manual_seed(8)
    for K in (2, 3, 10):
        z = 2 * torch.randn(K, dtype=torch.float64)
        p = torch.softmax(z, dim=0)
        log_jacobian = torch.autograd.functional.jacobian(lambda v: torch.log_softmax(v, dim=0), z)
        assert_close(log_jacobian, torch.eye(K, dtype=torch.float64) - p.expand(K, K))
        jac = torch.autograd.functional.jacobian(ns["softmax"], z)
        assert_close(jac, p[:, None] * (torch.eye(K, dtype=torch.float64) - p[None, :]))
        assert_close(jac.diagonal(), p * (1 - p))  # the sigmoid's sigma (1 - sigma) on the diagonal
        assert (jac - torch.diag(jac.diagonal()) <= 0).all()  # -p_j p_k off it: the others go down
        assert_close(jac.sum(dim=0), torch.zeros(K, dtype=torch.float64))  # columns add up to 0
        # and the loss of one image: -sum_j y_j (delta_jk - p_k) = p_k - y_k
        for target in range(K):
            y = F.one_hot(torch.tensor(target), K).double()
            z_grad = z.clone().requires_grad_()
            (-(y * torch.log_softmax(z_grad, dim=0)).sum()).backward()
            assert_close(z_grad.grad, -(y[:, None] * (torch.eye(K, dtype=torch.float64) - p[None, :])).sum(dim=0))
            assert_close(z_grad.grad, p - y)
    text = run.printed("softmax_jacobian.py")
    assert "equal: True" in text
    assert "every column adds up to 0: True" in text


def test_back_propagation_by_hand_equals_autograd(ns, split):
    X_train, _, y_train, _ = split
    torch.manual_seed(0)  # the page's untrained model
    linear = ns["LogisticRegressionModel"](64, 10).linear.double()
    X, y = torch.tensor(X_train), torch.from_numpy(y_train)
    F.cross_entropy(linear(X), y).backward()
    assert_close(ns["dL_dW"], linear.weight.grad.float(), atol=1e-6, rtol=1e-4)
    assert_close(ns["dL_db"], linear.bias.grad.float(), atol=1e-6, rtol=1e-4)


# --- exercises ------------------------------------------------------------------------------------------------------


def test_exercise1_cross_entropy_and_its_gradient_by_hand(run, ns):
    logits = torch.tensor([[1.0, -0.5, 2.0]], dtype=torch.float64)
    target = torch.tensor([2])
    assert ns["logits_by_hand"] == logits[0].tolist()
    assert ns["true_class"] == 2
    assert ns["loss_by_hand"] == pytest.approx(F.cross_entropy(logits, target).item(), abs=1e-12)
    expected_gradient = torch.softmax(logits, dim=1)[0] - F.one_hot(target, 3)[0]
    assert ns["grad_by_hand"] == pytest.approx(expected_gradient.tolist(), abs=1e-12)
    assert ns["grad_pytorch"] == pytest.approx(expected_gradient.tolist(), abs=1e-6)
    assert sum(ns["grad_by_hand"]) == pytest.approx(0, abs=1e-12)  # "add up to zero"
    text = run.printed("exercise1_cross_entropy.py")
    lines = dict(line.split(":", 1) for line in text.splitlines())
    assert lines["loss by hand"].strip() == lines["F.cross_entropy"].strip()
    assert lines["gradient by hand"].strip() == lines["autograd"].strip()


def test_exercise2_log_of_softmax_is_infinite_and_log_softmax_is_not(run, ns):
    logits, target = ns["far_logits"].detach(), torch.tensor([1])
    # e^-200 rounds to 0 in float32, so log(softmax) is -inf, the loss infinite, its gradient nan
    assert torch.softmax(logits, dim=1)[0, 1] == 0
    assert ns["two_ways"]["log(softmax(z))"][0, 1] == -np.inf
    two_steps = logits.clone().requires_grad_()
    loss = F.nll_loss(torch.log(torch.softmax(two_steps, dim=1)), target)
    assert loss.item() == np.inf
    loss.backward()
    assert torch.isnan(two_steps.grad).all()
    # log_softmax: z_1 - log(e^0 + e^-200) = -200, a loss of 200, and the gradient probability minus target
    assert ns["two_ways"]["log_softmax(z)"][0, 1].item() == -200.0
    one_step = logits.clone().requires_grad_()
    F.cross_entropy(one_step, target).backward()
    expected = torch.softmax(logits.double(), dim=1) - F.one_hot(target, 2)
    assert_close(one_step.grad.double(), expected)
    assert_close(ns["far_gradient"].double(), expected)
    text = run.printed("exercise2_log_of_softmax.py")
    assert "log(softmax(z))      -inf     inf  [nan, nan]" in text
    assert "log_softmax(z)     -200.0   200.0  [1.0, -1.0]" in text
