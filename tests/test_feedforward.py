"""The feed-forward lesson: its snippets run, and what they compute and print is right."""

import itertools
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

from conftest import DOCS

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
    # the stack is affine, so its score d = logit 1 - logit 0 obeys d(0,1) + d(1,0) = d(0,0) + d(1,1) ...
    score = linear_logits[:, 1] - linear_logits[:, 0]
    assert_close(score[1] + score[2], score[0] + score[3], atol=1e-5, rtol=0)
    # ... so it can never be right on all four points
    assert (linear_logits.argmax(dim=1) == labels).sum() < 4
    # the best it can do under cross-entropy is probability 1/2 everywhere
    assert_close(ns["linear_probabilities"].double(), torch.full((4,), 0.5, dtype=torch.float64), atol=0.01, rtol=0)
    assert relu_logits.argmax(dim=1).tolist() == labels.tolist()
    assert (ns["relu_probabilities"][labels == 1] > 0.9).all()
    assert (ns["relu_probabilities"][labels == 0] < 0.1).all()


def test_decision_region_figure_is_drawn(run):
    names = [path.name for path in run.snippets]
    assert run.figures[names.index("xor_plot.py")] == 1
    assert run.figures[names.index("activations_plot.py")] == 1
    assert run.figures[names.index("hidden_neurons.py")] == 1


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
    rows = {
        line.split()[0]: [float(v) for v in line.split()[1:]] for line in run.printed("activations.py").splitlines()[1:]
    }
    assert rows["sigmoid"] == pytest.approx([1 / (1 + math.exp(10)), 0.5, 1 / (1 + math.exp(-10)), 0.25], abs=5e-5)
    assert rows["tanh"] == pytest.approx([math.tanh(-10), 0.0, math.tanh(10), 1.0], abs=5e-5)
    assert rows["ReLU"] == pytest.approx([0.0, 0.0, 10.0, 0.0], abs=5e-5)


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


# --- hidden layers and hidden neurons ---


def test_depth_table_comes_from_the_trained_models(run, ns):
    assert ns["SWEEP_EPOCHS"] < ns["NUM_EPOCHS"]
    lines = run.printed("hidden_layers.py").splitlines()[1:]
    assert len(lines) == len(ns["depth_models"]) == 4
    for line, (num_hidden, model) in zip(lines, ns["depth_models"].items(), strict=True):
        linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
        relus = [m for m in model.modules() if isinstance(m, nn.ReLU)]
        assert len(linears) == num_hidden + 1
        assert len(relus) == num_hidden
        sizes = [64] + [100] * num_hidden + [10]
        assert [(m.in_features, m.out_features) for m in linears] == list(itertools.pairwise(sizes))
        count = sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes))
        with torch.no_grad():
            hits = (model(ns["test_images"]).argmax(dim=1) == ns["test_labels"]).double().mean().item()
        assert ns["depth_accuracies"][num_hidden] == pytest.approx(hits, abs=1e-6)
        assert line.split()[:3] == [str(num_hidden), f"{count:,d}", percent(hits)]


def test_depth_claims_on_the_page_hold(ns):
    accuracies = ns["depth_accuracies"]
    assert accuracies[1] > accuracies[0]  # "the big step is from no hidden layer to one"
    assert accuracies[2] <= accuracies[1]  # "does not beat a single hidden layer here"
    assert accuracies[3] <= accuracies[1]


def test_width_sweep(run, ns):
    widths = ns["HIDDEN_WIDTHS"]
    accuracies = ns["width_accuracies"]
    assert list(accuracies) == widths == [8, 16, 32, 64, 100, 200]
    lines = run.printed("hidden_neurons.py").splitlines()
    assert lines == [f"{width:4d} hidden neurons: test accuracy {percent(accuracies[width])}" for width in widths]
    assert accuracies[8] == min(accuracies.values())  # "too few neurons ... accuracy suffers"
    assert max(accuracies.values()) - accuracies[100] <= 0.01  # "100 is comfortably on the flat part"


def test_width_sweep_is_reproducible(ns):
    torch.manual_seed(0)
    again = ns["train_and_evaluate"](ns["FeedforwardNeuralNetModel"](64, 8, 10))
    assert again == ns["width_accuracies"][8]


# --- readout, weights and biases, shapes ---


def test_readout_layer(ns):
    model = ns["model"].cpu()
    image = ns["test_images"][:1]
    with torch.no_grad():
        assert_close(ns["hidden_features"], torch.clamp(image @ model.fc1.weight.T + model.fc1.bias, min=0))
        assert_close(ns["logits"], model(image))
    probabilities = ns["probabilities"]
    assert probabilities.shape == (1, 10)
    assert_close(probabilities.sum(dim=1), torch.ones(1))
    assert_close(probabilities, torch.exp(ns["logits"]) / torch.exp(ns["logits"]).sum())


def test_parameter_counts_match_the_formula(run, ns):
    model = ns["model"]
    expected = {"fc1": (64 + 1) * 100, "fc2": (100 + 1) * 10}
    assert ns["parameter_counts"] == expected
    assert model.fc1.weight.shape == (100, 64)
    assert model.fc1.bias.shape == (100,)
    assert model.fc2.weight.shape == (10, 100)
    assert model.fc2.bias.shape == (10,)
    assert ns["total_parameters"] == sum(expected.values()) == sum(p.numel() for p in model.parameters())
    text = run.printed("parameters.py")
    assert f"fc1: (64 + 1) x 100 = {expected['fc1']:,d}, counted {expected['fc1']:,d}" in text
    assert f"fc2: (100 + 1) x 10 = {expected['fc2']:,d}, counted {expected['fc2']:,d}" in text
    assert f"total: {sum(expected.values()):,d}" in text


def test_shape_table_comes_from_a_forward_pass(run, ns):
    batch = ns["BATCH_SIZE"]
    # step through the model's layers here, independently of the page's hooks
    stepped, out = [], ns["test_images"][:batch]
    with torch.no_grad():
        for name, layer in ns["model"].cpu().named_children():
            before, out = tuple(out.shape), layer(out)
            stepped.append((name, type(layer).__name__, before, tuple(out.shape)))
    assert ns["shape_table"] == stepped
    assert ns["shape_table"] == [
        ("fc1", "Linear", (batch, 64), (batch, 100)),
        ("relu", "ReLU", (batch, 100), (batch, 100)),
        ("fc2", "Linear", (batch, 100), (batch, 10)),
    ]
    rows = [line.split(maxsplit=2) for line in run.printed("shapes.py").splitlines()[1:]]
    assert [(name, module) for name, module, _ in rows] == [(n, m) for n, m, _, _ in stepped]
    for (*_, shapes), (*_, before, after) in zip(rows, stepped, strict=True):
        assert shapes.split() == f"{before} {after}".split()


def test_device_agnostic_training_repeats_step_7(run, ns):
    model = ns["model"]
    assert next(model.parameters()).device.type == ns["device"].type
    device_accuracy = ns["device_accuracy"]
    if ns["device"].type == "cpu":
        assert device_accuracy == ns["test_accuracy"]  # the same seeds and batches give the same weights
    else:
        assert device_accuracy == pytest.approx(ns["test_accuracy"], abs=0.01)
    for name in ("device_cpu.py", "device_gpu.py"):
        assert run.printed(name).splitlines()[-1] == f"test accuracy: {percent(device_accuracy)}"
