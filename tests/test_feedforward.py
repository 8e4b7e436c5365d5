"""Part 1 of the feed-forward lesson: its snippets run, and what they compute and print is right."""

import math
import re

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch import nn
from torch.testing import assert_close

from conftest import DOCS, SNIPPETS

PAGE = "feedforward-networks.md"


def percent(value: float) -> str:
    return f"{value:.2%}"


def accuracy_by_hand(model, images, labels) -> float:
    """Test accuracy of a one-hidden-layer model, from its weights, without the page's ``accuracy``."""
    with torch.no_grad():
        hidden = torch.clamp(images @ model.fc1.weight.T + model.fc1.bias, min=0)
        logits = hidden @ model.fc2.weight.T + model.fc2.bias
    return (logits.argmax(dim=1) == labels).double().mean().item()


# --- the data ---


def test_split_and_scaling_follow_the_shared_recipe(ns):
    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data, digits.target, test_size=0.2, stratify=digits.target, random_state=0
    )
    scaler = StandardScaler().fit(X_train)
    np.testing.assert_array_equal(ns["X_train"], scaler.transform(X_train))
    np.testing.assert_array_equal(ns["X_test"], scaler.transform(X_test))
    np.testing.assert_array_equal(ns["y_train"], y_train)
    np.testing.assert_array_equal(ns["y_test"], y_test)
    # scaled with training statistics: the training pixels, not the test pixels, have mean 0
    assert np.abs(ns["X_train"].mean(axis=0)).max() < 1e-12
    # stratified: each digit is a fifth of its images in the test set, up to rounding
    assert np.abs(np.bincount(ns["y_test"]) - 0.2 * np.bincount(digits.target)).max() <= 1


def test_tensors_hold_the_split(ns):
    assert_close(ns["train_images"], torch.tensor(ns["X_train"], dtype=torch.float32))
    assert_close(ns["test_images"], torch.tensor(ns["X_test"], dtype=torch.float32))
    assert ns["train_labels"].dtype == ns["test_labels"].dtype == torch.int64
    assert ns["train_labels"].tolist() == ns["y_train"].tolist()
    assert ns["test_labels"].tolist() == ns["y_test"].tolist()


def test_loader_gives_shuffled_batches_of_32(ns):
    loader = ns["train_loader"]
    assert loader.batch_size == ns["BATCH_SIZE"] == 32
    assert len(loader) == math.ceil(len(ns["y_train"]) / 32)
    assert loader.generator is ns["shuffle_generator"]
    ns["shuffle_generator"].manual_seed(0)
    first = torch.cat([labels for _, labels in loader])
    ns["shuffle_generator"].manual_seed(0)
    again = torch.cat([labels for _, labels in loader])
    assert first.tolist() == again.tolist()  # seeded: the same order every time
    assert first.tolist() != ns["train_labels"].tolist()  # but shuffled
    assert sorted(first.tolist()) == sorted(ns["train_labels"].tolist())


def test_training_split_is_the_logistic_regression_lessons(lesson, ns):
    if not (DOCS / "logistic-regression.md").exists():
        pytest.skip("docs/logistic-regression.md does not exist, so there is no other split to compare with")
    other = lesson("logistic-regression.md").namespace
    np.testing.assert_array_equal(ns["X_train"], other["X_train"])
    np.testing.assert_array_equal(ns["y_train"], other["y_train"])
    np.testing.assert_array_equal(ns["X_test"], other["X_test"])


# --- non-linearity ---


def test_stacked_linear_layers_collapse_to_one(ns):
    first, second = ns["stacked"][0], ns["stacked"][1]
    W1, b1 = first.weight.detach().double(), first.bias.detach().double()
    W2, b2 = second.weight.detach().double(), second.bias.detach().double()
    weight, bias = W2 @ W1, W2 @ b1 + b2  # recomputed here, in float64
    assert weight.shape == (10, 64)
    assert bias.shape == (10,)
    assert_close(ns["combined_weight"].detach().double(), weight, rtol=1e-5, atol=1e-6)
    assert_close(ns["combined_bias"].detach().double(), bias, rtol=1e-5, atol=1e-6)
    inputs = torch.randn(50, 64, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    stacked_out = (inputs @ W1.T + b1) @ W2.T + b2
    assert_close(stacked_out, inputs @ weight.T + bias)
    with torch.no_grad():
        assert_close(ns["single_layer"](inputs.float()), ns["stacked"](inputs.float()), rtol=1e-4, atol=1e-5)


def test_the_page_shows_the_collapse_with_the_parameter_counts(run):
    text = run.printed("linear_collapse.py")
    assert f"two layers, parameters: {(64 + 1) * 100 + (100 + 1) * 10}" in text
    assert f"one layer,  parameters: {(64 + 1) * 10}" in text


def test_xor_without_activation_fails_and_with_relu_succeeds(ns):
    inputs, labels = ns["xor_inputs"], ns["xor_labels"]
    assert labels.tolist() == [int(a) ^ int(b) for a, b in inputs.tolist()]
    with torch.no_grad():
        linear_logits = ns["xor_linear_stack"](inputs).double()
        relu_logits = ns["xor_relu_network"](inputs)
    # the stack is affine, so its score z = logit 1 - logit 0 obeys z(0,1) + z(1,0) = z(0,0) + z(1,1) ...
    score = linear_logits[:, 1] - linear_logits[:, 0]
    assert_close(score[1] + score[2], score[0] + score[3], atol=1e-5, rtol=0)
    # ... so it can never be right on all four points
    assert (linear_logits.argmax(dim=1) == labels).sum() < 4
    # the best it can do under cross-entropy is probability 1/2 everywhere
    assert_close(ns["linear_probabilities"].double(), torch.full((4,), 0.5, dtype=torch.float64), atol=0.01, rtol=0)
    assert relu_logits.argmax(dim=1).tolist() == labels.tolist()
    assert (ns["relu_probabilities"][labels == 1] > 0.9).all()
    assert (ns["relu_probabilities"][labels == 0] < 0.1).all()


def test_xor_over_ten_seeds_relu_always_and_the_stack_never_solves_it(run, ns):
    """The page: with ReLU all four right from every one of the ten seeds, final loss close to zero with a small
    spread; without activation right from none, loss log 2 on every seed."""
    results = ns["xor_seed_results"]
    assert ns["NUM_XOR_SEEDS"] >= 5
    assert all(len(rows) == ns["NUM_XOR_SEEDS"] for rows in results.values())
    relu_losses = torch.tensor([loss for _, loss in results["with ReLU"]])
    stack_losses = torch.tensor([loss for _, loss in results["without activation"]], dtype=torch.float64)
    assert all(right for right, _ in results["with ReLU"])
    assert not any(right for right, _ in results["without activation"])
    assert relu_losses.max() < 0.01
    assert relu_losses.std() < relu_losses.mean()
    assert_close(stack_losses, torch.full_like(stack_losses, math.log(2)), atol=1e-4, rtol=0)
    text = run.printed("xor_seeds.py")
    assert re.search(r"with ReLU\s+10 of 10", text), text
    assert re.search(r"without activation\s+0 of 10\s+0\.6931", text), text
    # the seed-0 pair of the page is the first of the ten
    with torch.no_grad():
        first = torch.nn.functional.cross_entropy(ns["xor_relu_network"](ns["xor_inputs"]), ns["xor_labels"])
    assert first.item() == pytest.approx(relu_losses[0].item(), rel=1e-6)


def test_decision_region_figure_is_drawn(run):
    names = [path.name for path in run.snippets]
    assert run.figures[names.index("xor_plot.py")] == 1
    assert run.figures[names.index("activations_plot.py")] == 1


def test_figures_fit_a_phone_column(run):
    """Natural width at most 6 inches, so a 390-px phone shows them at a legible size."""
    sources = [path.read_text() for path, count in zip(run.snippets, run.figures, strict=True) if count]
    assert sources
    for source in sources:
        (width,) = re.findall(r"figsize=\(([\d.]+),", source)
        assert float(width) <= 6
        assert "subplots(1, 2" not in source  # panels stacked, not side by side


# --- activation functions ---


def test_activation_derivatives_match_the_formulas(ns):
    z = torch.linspace(-6, 6, 241, dtype=torch.float64, requires_grad=True)
    formulas = {
        "sigmoid": (torch.sigmoid, lambda z: torch.exp(-z) / (1 + torch.exp(-z)) ** 2),
        "tanh": (torch.tanh, lambda z: 4 / (torch.exp(z) + torch.exp(-z)) ** 2),  # 1 / cosh^2
        "ReLU": (torch.relu, lambda z: (z > 0).double()),
    }
    assert list(ns["activations"]) == list(formulas)
    for name, (function, derivative) in formulas.items():
        (autograd,) = torch.autograd.grad(function(z).sum(), z)
        assert_close(autograd, derivative(z.detach()))
        # the page's formulas and its autograd results agree with these
        page_z = ns["z"].detach().double()
        assert_close(ns["derivative_formulas"][name](page_z).double(), derivative(page_z))
        assert_close(ns["derivatives"][name].double(), derivative(page_z), rtol=1e-4, atol=1e-6)


def test_tanh_and_sigmoid_saturate_and_relu_does_not(ns):
    far = torch.tensor([-10.0, 10.0], dtype=torch.float64)
    assert_close(torch.tanh(far), torch.tensor([-1.0, 1.0], dtype=torch.float64), atol=1e-8, rtol=0)
    assert (ns["derivative_formulas"]["tanh"](far) < 1e-8).all()
    assert (ns["derivative_formulas"]["sigmoid"](far) < 1e-4).all()
    assert ns["derivatives"]["sigmoid"].max().item() == pytest.approx(0.25, abs=1e-6)
    assert ns["derivative_formulas"]["ReLU"](torch.tensor([10.0, 1000.0])).tolist() == [1.0, 1.0]


def test_activation_table_shows_the_values(run):
    lines = run.printed("activations.py").splitlines()
    rows = {line.split()[0]: [float(v) for v in line.split()[1:]] for line in lines[2:]}
    assert list(rows) == ["sigmoid", "tanh", "ReLU"]
    assert rows["sigmoid"][:3] == pytest.approx([1 / (1 + math.exp(10)), 0.5, 1 / (1 + math.exp(-10))], abs=5e-5)
    assert rows["tanh"][:3] == pytest.approx([math.tanh(-10), 0.0, math.tanh(10)], abs=5e-5)
    assert rows["ReLU"][:3] == pytest.approx([0.0, 0.0, 10.0], abs=5e-5)


def test_the_plotting_grid_has_no_point_at_exactly_zero(run, ns):
    """The page says the grid's middle point is a tiny negative number, not 0, and prints it."""
    z = ns["z"].detach()
    middle = z[len(z) // 2].item()
    assert middle != 0.0
    assert -1e-6 < middle < 0
    assert z.abs().argmin().item() == len(z) // 2  # it is the grid point nearest 0
    assert (z != 0).all()
    assert run.printed("activations.py").splitlines()[0] == f"grid point nearest 0: z = {middle:.3g}"


def test_the_slope_column_is_autograd_at_exactly_zero(run, ns):
    """The table's last column is autograd's derivative at 0.0: 1/4, 1 and (PyTorch's choice) 0."""
    expected = {"sigmoid": 0.25, "tanh": 1.0, "ReLU": 0.0}
    lines = run.printed("activations.py").splitlines()
    assert lines[1].split()[-2:] == ["autograd", "f'(0)"]
    printed = {line.split()[0]: float(line.split()[-1]) for line in lines[2:]}
    assert printed == expected
    for name, function in ns["activations"].items():
        zero = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        (slope,) = torch.autograd.grad(function(zero).sum(), zero)
        assert slope.item() == expected[name]
    assert ns["probe"][1].item() == 0.0  # the page's own point is exactly 0.0
    assert ns["probe_slopes"].tolist() == [0.0, 0.0, 1.0]  # ReLU's, the last activation in the loop


def test_relu_backward_passes_no_gradient_where_its_result_is_zero():
    """PyTorch's source: ReluBackward0 keeps the result and computes threshold_backward(grad, result, 0),
    which torch/_decomp/decompositions.py writes as torch.where(self <= threshold, 0, grad_output)."""
    z = torch.tensor([-1.0, 0.0, 1e-30, 2.0], requires_grad=True)
    result = torch.relu(z)
    assert result.grad_fn.name() == "ReluBackward0"
    assert torch.equal(result.grad_fn._saved_result, result)  # the node keeps the result, not the input
    incoming = torch.tensor([3.0, 5.0, 7.0, 11.0])
    (autograd,) = torch.autograd.grad(result, z, incoming)
    by_source = torch.ops.aten.threshold_backward(incoming, result.detach(), 0)
    assert torch.equal(autograd, by_source)
    assert autograd.tolist() == [0.0, 0.0, 7.0, 11.0]
    from torch._decomp.decompositions import threshold_backward

    assert torch.equal(threshold_backward(incoming, result.detach(), 0), autograd)


def test_tanh_is_a_rescaled_sigmoid():
    z = torch.linspace(-8, 8, 161, dtype=torch.float64)
    assert_close(torch.tanh(z), 2 * torch.sigmoid(2 * z) - 1)


def test_the_page_follows_the_course_notation():
    """p for probabilities (never a hat), bold matrices, b for a bias (never c)."""
    page = (DOCS / PAGE).read_text()
    assert "\\hat" not in page
    assert "+ c$" not in page
    assert "2c" not in page
    assert not re.search(r"(?<!mathbf )W_[12]", page)


# --- the model and its training ---


def test_model_is_64_100_10_with_relu(ns):
    model = ns["model"]
    children = list(model.named_children())
    assert [name for name, _ in children] == ["fc1", "relu", "fc2"]
    assert (model.fc1.in_features, model.fc1.out_features) == (64, 100)
    assert (model.fc2.in_features, model.fc2.out_features) == (100, 10)
    assert isinstance(model.relu, nn.ReLU)
    assert isinstance(ns["criterion"], nn.CrossEntropyLoss)
    assert (ns["LEARNING_RATE"], ns["MOMENTUM"], ns["NUM_EPOCHS"]) == (0.01, 0.9, 30)


def test_printed_test_accuracy_is_the_trained_models(run, ns):
    # the last snippets retrain the model from the same seeds, so ns["model"] holds the same weights as in step 7
    recomputed = accuracy_by_hand(ns["model"].cpu(), ns["test_images"], ns["test_labels"])
    assert ns["test_accuracy"] == pytest.approx(recomputed, abs=1e-6)
    assert f"test accuracy: {percent(recomputed)}" in run.printed("step7_train.py")


def test_feedforward_accuracy_is_high(ns):
    assert ns["test_accuracy"] >= 0.965


@pytest.mark.slow
def test_feedforward_is_not_worse_than_logistic_regression(ns):
    """Logistic regression as its lesson trains it: full-batch SGD, lr 0.1, momentum 0.9, 200 epochs, seed 0."""
    torch.manual_seed(0)
    logistic = nn.Linear(64, 10)
    optimizer = torch.optim.SGD(logistic.parameters(), lr=0.1, momentum=0.9)
    for _ in range(200):
        optimizer.zero_grad()
        nn.functional.cross_entropy(logistic(ns["train_images"]), ns["train_labels"]).backward()
        optimizer.step()
    with torch.no_grad():
        logistic_accuracy = (logistic(ns["test_images"]).argmax(dim=1) == ns["test_labels"]).double().mean().item()
    assert logistic_accuracy >= 0.96  # the baseline trained as it should
    assert ns["test_accuracy"] >= logistic_accuracy


def test_momentum_is_a_decaying_running_sum_with_effective_step_lr_over_one_minus_mu(ns):
    """v <- mu v + g, theta <- theta - lr v, as the page says; a constant gradient makes steps of lr / (1 - mu)."""
    lr, mu = ns["LEARNING_RATE"], ns["MOMENTUM"]
    theta = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=lr, momentum=mu)
    gradients = [1.0, -2.0, 0.5, 3.0]
    velocity, expected = 0.0, 0.0
    for g in gradients:
        theta.grad = torch.tensor([g])
        optimizer.step()
        velocity = mu * velocity + g
        expected -= lr * velocity
        assert theta.item() == pytest.approx(expected, rel=1e-5)
    theta = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=lr, momentum=mu)
    for _ in range(300):
        before = theta.item()
        theta.grad = torch.ones(1)
        optimizer.step()
    assert before - theta.item() == pytest.approx(lr / (1 - mu), rel=1e-4)


def test_relu_module_and_function_are_equivalent(ns):
    """Annotation 4: torch.relu in forward computes what the nn.ReLU module does."""
    model = ns["model"].cpu()
    images = ns["test_images"]
    with torch.no_grad():
        assert torch.equal(model(images), model.fc2(torch.relu(model.fc1(images))))
    assert list(ns["model"].relu.parameters()) == []


def test_softmax_over_two_logits_is_the_sigmoid_of_their_difference(ns):
    z = torch.randn(1000, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64) * 5
    assert_close(z.softmax(dim=1)[:, 1], torch.sigmoid(z[:, 1] - z[:, 0]))
    # and so softmax cross-entropy on two logits is binary cross-entropy on z1 - z0
    labels = torch.randint(0, 2, (1000,), generator=torch.Generator().manual_seed(1))
    assert_close(
        nn.functional.cross_entropy(z, labels),
        nn.functional.binary_cross_entropy_with_logits(z[:, 1] - z[:, 0], labels.double()),
    )


def test_accuracy_function_counts_argmax_hits(ns):
    logits = torch.tensor([[0.1, 0.9, 0.0], [2.0, 1.0, 0.5], [0.0, 0.0, 3.0], [1.0, 3.0, 2.0]])
    labels = torch.tensor([1, 1, 2, 2])
    assert ns["accuracy"](nn.Identity(), logits, labels) == pytest.approx(0.5)


def test_sklearn_comparison(run, ns):
    mlp = ns["mlp"]
    assert mlp.hidden_layer_sizes == (100,)
    assert mlp.n_iter_ < mlp.max_iter  # it converged rather than ran out of iterations
    expected = (mlp.predict(ns["X_test"]) == ns["y_test"]).mean()
    assert ns["sklearn_accuracy"] == pytest.approx(expected)
    text = run.printed("compare_sklearn.py")
    assert re.search(rf"PyTorch, this page\s+{re.escape(percent(ns['test_accuracy']))}", text)
    assert re.search(rf"scikit-learn MLPClassifier\s+{re.escape(percent(expected))}", text)
    assert abs(ns["test_accuracy"] - expected) <= 0.02  # the same network, trained differently


# --- evaluation mode and no_grad ---


def test_accuracy_evaluates_in_eval_mode_and_restores_the_mode(ns):
    torch.manual_seed(0)
    with_dropout = nn.Sequential(nn.Dropout(0.5), nn.Identity())
    logits = torch.tensor([[0.0, 1.0], [1.0, 0.0]] * 20)
    labels = torch.tensor([1, 0] * 20)
    assert ns["accuracy"](with_dropout, logits, labels) == 1.0  # dropout off: every row right
    assert with_dropout.training
    with_dropout.eval()
    ns["accuracy"](with_dropout, logits, labels)
    assert not with_dropout.training


def test_device_agnostic_training_repeats_step_7(run, ns):
    model = ns["model"]
    assert next(model.parameters()).device.type == ns["device"].type
    device_accuracy = ns["device_accuracy"]
    if ns["device"].type == "cpu":
        assert device_accuracy == ns["test_accuracy"]  # the same seeds and batches give the same weights
    else:
        assert device_accuracy == pytest.approx(ns["test_accuracy"], abs=0.01)
    assert run.printed("device_train.py").splitlines() == [
        f"trained on {ns['device']}",
        f"test accuracy: {percent(device_accuracy)}",
    ]
    # the two tabs differ only in how they pick the device
    names = [path.name for path in run.snippets]
    assert names.index("device_cpu.py") + 2 == names.index("device_gpu.py") + 1 == names.index("device_train.py")
    assert (SNIPPETS / "feedforward" / "device_cpu.py").read_text().strip() == 'device = torch.device("cpu")'
    assert "torch.cuda.is_available()" in (SNIPPETS / "feedforward" / "device_gpu.py").read_text()


# --- fits the screen ---


def test_every_output_line_fits_79_columns(run):
    for path, output in zip(run.snippets, run.outputs, strict=True):
        for number, line in enumerate(output.splitlines(), start=1):
            assert len(line) <= 79, f"{path.name}: output line {number} has {len(line)} characters: {line!r}"


# --- exercises ---


def test_exercise_1_functional_relu_gives_the_same_logits(run, ns):
    functional, model = ns["functional_model"].cpu(), ns["model"].cpu()
    assert not any(isinstance(m, nn.ReLU) for m in functional.modules())
    assert (
        list(functional.state_dict())
        == list(model.state_dict())
        == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    )
    with torch.no_grad():
        assert torch.equal(functional(ns["test_images"]), model(ns["test_images"]))
    assert ns["same"] is True
    assert "identical logits on every test image: True" in run.printed("exercise1_functional_relu.py")


def test_exercise_2_softmax_equals_sigmoid_on_the_xor_network(ns):
    with torch.no_grad():
        logits = ns["xor_relu_network"](ns["xor_inputs"]).double()
    assert_close(ns["softmax_p1"].double(), torch.sigmoid(logits[:, 1] - logits[:, 0]), rtol=1e-5, atol=1e-6)
    assert_close(ns["softmax_p1"], ns["relu_probabilities"])  # the lesson's P(label 1)
