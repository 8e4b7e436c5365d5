"""The logistic-regression lesson, part 1 (the model and its loss): its snippets run, and what they compute and print
is right."""

import ast

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.testing import assert_close

from conftest import DOCS, SNIPPETS

PAGE = "logistic-regression.md"

SHARED_DATA_CODE = """\
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

digits = load_digits()
X_train, X_test, y_train, y_test = train_test_split(
    digits.data,
    digits.target,
    test_size=0.2,
    stratify=digits.target,
    random_state=0,
)
scaler = StandardScaler().fit(X_train)  # fitted on the training set only
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
"""


@pytest.fixture(scope="module")
def split():
    """The shared split and scaling, recomputed here without the page's code."""
    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data, digits.target, test_size=0.2, stratify=digits.target, random_state=0
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


# --- the data -------------------------------------------------------------------------------------------------------


def test_first_snippet_uses_the_shared_data_code(run):
    assert run.snippets[0] == SNIPPETS / "logistic_regression" / "load_digits.py"
    assert SHARED_DATA_CODE in run.snippets[0].read_text()


def test_tensors_hold_the_shared_split(ns, split):
    X_train, X_test, y_train, y_test = split
    assert_close(ns["X_train_t"], torch.tensor(X_train, dtype=torch.float32))
    assert_close(ns["X_test_t"], torch.tensor(X_test, dtype=torch.float32))
    assert ns["y_train_t"].dtype == ns["y_test_t"].dtype == torch.int64
    assert torch.equal(ns["y_train_t"], torch.from_numpy(y_train))
    assert torch.equal(ns["y_test_t"], torch.from_numpy(y_test))
    assert ns["X_train_t"].shape == (1437, 64)
    assert ns["X_test_t"].shape == (360, 64)
    # standardised with training statistics: the training columns have mean 0
    assert_close(ns["X_train_t"].mean(dim=0), torch.zeros(64), atol=1e-5, rtol=0)


def test_every_output_line_fits_the_code_column(run):
    for path, output in zip(run.snippets, run.outputs, strict=True):
        for number, line in enumerate(output.splitlines(), start=1):
            assert len(line) <= 79, f"{path.name}, output line {number}: {len(line)} characters"


# --- sigmoid, softmax, cross-entropy --------------------------------------------------------------------------------


def test_softmax_rows_sum_to_one(ns):
    torch.manual_seed(1)
    logits = torch.cat([10 * torch.randn(50, 10), torch.tensor([[1000.0] + [0.0] * 9, [-1000.0] * 10])])
    probabilities = ns["softmax"](logits)
    assert torch.isfinite(probabilities).all()
    assert (probabilities >= 0).all()
    assert_close(probabilities.sum(dim=1), torch.ones(len(logits)))
    assert_close(probabilities, torch.softmax(logits, dim=1))
    assert_close(ns["example_probabilities"].sum(dim=1), torch.ones(2))
    assert_close(ns["probabilities"].sum(dim=1), torch.ones(1))  # the untrained model's output


def test_sigmoid_is_the_logistic_function(ns):
    z = torch.linspace(-30, 30, 101, dtype=torch.float64)
    assert_close(ns["sigmoid"](z), torch.from_numpy(1 / (1 + np.exp(-z.numpy()))))
    assert_close(ns["sigmoid"](z), torch.sigmoid(z))


def test_two_class_softmax_equals_sigmoid_of_the_logit_difference(ns):
    torch.manual_seed(2)
    pairs = 5 * torch.randn(500, 2, dtype=torch.float64)
    expected = torch.sigmoid(pairs[:, 1] - pairs[:, 0])
    assert_close(ns["softmax"](pairs)[:, 1], expected)
    assert_close(torch.softmax(pairs, dim=1)[:, 1], expected)
    # and the page's own check
    assert_close(ns["softmax_class_1"], ns["sigmoid_of_difference"])


def test_page_reports_the_two_class_check_as_passed(run):
    assert "equal on all 1000 pairs: True" in run.printed("two_class_softmax.py")


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


def test_back_propagation_by_hand_equals_autograd(ns, split):
    X_train, _, y_train, _ = split
    torch.manual_seed(0)  # the page's untrained model
    linear = ns["LogisticRegressionModel"](64, 10).linear.double()
    X, y = torch.tensor(X_train), torch.from_numpy(y_train)
    F.cross_entropy(linear(X), y).backward()
    assert_close(ns["dL_dW"], linear.weight.grad.float(), atol=1e-6, rtol=1e-4)
    assert_close(ns["dL_db"], linear.bias.grad.float(), atol=1e-6, rtol=1e-4)


# --- gradient descent, recalled ---------------------------------------------------------------------------------


def test_momentum_is_a_decaying_running_sum_of_gradients(run, ns):
    lr, mu = ns["LEARNING_RATE"], ns["MOMENTUM"]
    # with a constant gradient of 1, step t is lr (1 + mu + ... + mu^(t-1))
    expected = [lr * (1 - mu**t) / (1 - mu) for t in range(1, 51)]
    assert ns["step_sizes"] == pytest.approx(expected, abs=1e-5)
    assert ns["step_sizes"][-1] == pytest.approx(lr / (1 - mu), rel=0.01)  # "about lr / (1 - mu)"
    assert lr / (1 - mu) == pytest.approx(10 * lr)  # "ten times the learning rate"
    # v <- mu v + g, theta <- theta - lr v, on gradients that change from step to step
    torch.manual_seed(4)
    theta = torch.zeros(5, requires_grad=True)
    sgd = torch.optim.SGD([theta], lr=lr, momentum=mu)
    by_hand, velocity = torch.zeros(5), torch.zeros(5)
    for gradient in torch.randn(20, 5):
        theta.grad = gradient.clone()
        sgd.step()
        velocity = mu * velocity + gradient
        by_hand = by_hand - lr * velocity
        assert_close(theta.detach(), by_hand)
    # momentum as an average, v <- mu v + (1 - mu) g, is the same method with lr / (1 - mu)
    averaged, average_velocity = torch.zeros(5), torch.zeros(5)
    summed = torch.zeros(5, requires_grad=True)
    sgd_sum = torch.optim.SGD([summed], lr=lr, momentum=mu)
    for gradient in torch.randn(20, 5):
        summed.grad = gradient.clone()
        sgd_sum.step()
        average_velocity = mu * average_velocity + (1 - mu) * gradient
        averaged = averaged - lr / (1 - mu) * average_velocity
        assert_close(summed.detach(), averaged)
    assert "lr / (1 - mu) = 1.0000" in run.printed("momentum.py")


def test_untrained_model_is_unsure(ns):
    assert ns["probabilities"].max() < 0.5


# --- exercises ------------------------------------------------------------------------------------------------------

EXERCISE_FILES = sorted((SNIPPETS / "logistic_regression").glob("exercise*.py"))


_OWN_SCOPE = (ast.FunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def names_bound(path) -> set[str]:
    """The names a snippet binds at its top level: not inside functions, classes or comprehensions; not imports."""
    names, to_visit = set(), list(ast.parse(path.read_text()).body)
    while to_visit:
        node = to_visit.pop()
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        if not isinstance(node, _OWN_SCOPE):
            to_visit.extend(ast.iter_child_nodes(node))
    return names


def test_the_page_ends_with_its_exercises_in_the_notebook_form(run):
    assert 2 <= len(EXERCISE_FILES) <= 5
    assert run.snippets[-len(EXERCISE_FILES) :] == EXERCISE_FILES  # run last, after the lesson
    markdown = (DOCS / PAGE).read_text()
    exercises = markdown[markdown.index("\n## Exercises\n") :]
    assert "\n## " not in exercises[1:]  # the last section of the page
    for number, path in enumerate(EXERCISE_FILES, start=1):
        assert path.name.startswith(f"exercise{number}_")
        assert f"\n**Exercise {number}.** " in exercises
        solution = (
            f'\n??? success "Solution to exercise {number}"\n'
            f'    ```python exec="logistic_regression/{path.name}"\n    ```\n\n    '
        )
        assert solution in exercises, f"exercise {number}: solution block not in the expected form"


def test_solutions_rebind_no_name_of_the_lesson(run):
    lesson_names = set().union(*(names_bound(path) for path in run.snippets if path not in EXERCISE_FILES))
    for path in EXERCISE_FILES:
        clashes = names_bound(path) & lesson_names
        assert not clashes, f"{path.name} rebinds {sorted(clashes)} from the lesson"


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


def test_exercise2_softmax_without_the_shift_overflows_and_log_softmax_does_not(run, ns):
    # "far beyond the largest float32 number": exp overflows past about e^88.7
    assert 88 < np.log(torch.finfo(torch.float32).max) < 89
    assert torch.isinf(torch.exp(ns["huge_logits"])).any()
    assert torch.isnan(ns["naive"][0, 0])
    assert_close(ns["softmax"](ns["huge_logits"]), torch.tensor([[1.0, 0.0]]), atol=0, rtol=0)
    # e^-200 rounds to 0 in float32, so log(softmax) is -inf, and a loss on it has a nan gradient
    assert torch.softmax(ns["far_logits"], dim=1)[0, 1] == 0
    assert ns["log_of_softmax"][0, 1] == -np.inf
    logits = ns["far_logits"].clone().requires_grad_()
    loss = F.nll_loss(torch.log(torch.softmax(logits, dim=1)), torch.tensor([1]))
    assert loss.item() == np.inf
    loss.backward()
    assert torch.isnan(logits.grad).any()
    # log_softmax gives the true log-probability, z_1 - log(e^0 + e^-200) = -200
    assert F.log_softmax(ns["far_logits"], 1)[0, 1].item() == -200.0
    text = run.printed("exercise2_overflow.py")
    assert "softmax without shift:   [nan, 0.0]" in text
    assert "log(softmax(z)) of class 1: -inf" in text
    assert "log_softmax(z) of class 1:  -200.0" in text
