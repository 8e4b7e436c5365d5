"""The feed-forward lesson: its snippets run, and what they compute and print is right."""

import ast
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
    assert run.figures[names.index("overfitting_curve.py")] == 1


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
    # being a module is what lets the shape table's forward hook see it
    assert ("relu", "ReLU") in [row[:2] for row in ns["shape_table"]]


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


# --- hidden layers and hidden neurons, on the validation set ---


def validation_accuracy_by_hand(model, ns) -> float:
    with torch.no_grad():
        hits = model(ns["validation_images"]).argmax(dim=1) == ns["validation_labels"]
    return hits.double().mean().item()


def test_depth_table_comes_from_the_trained_models(run, ns):
    assert ns["SWEEP_EPOCHS"] < ns["NUM_EPOCHS"]
    assert len(ns["SEEDS"]) >= 3
    lines = run.printed("hidden_layers.py").splitlines()[2:]
    assert len(lines) == len(ns["depth_models"]) == 4
    for line, (num_hidden, model) in zip(lines, ns["depth_models"].items(), strict=True):
        linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
        relus = [m for m in model.modules() if isinstance(m, nn.ReLU)]
        assert len(linears) == num_hidden + 1
        assert len(relus) == num_hidden
        sizes = [64] + [100] * num_hidden + [10]
        assert [(m.in_features, m.out_features) for m in linears] == list(itertools.pairwise(sizes))
        count = sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes))
        runs = ns["depth_accuracies"][num_hidden]
        assert len(runs) == len(ns["SEEDS"])
        # the model kept is the last seed's: its accuracy is the last entry, on the validation set
        assert runs[-1] == pytest.approx(validation_accuracy_by_hand(model, ns), abs=1e-6)
        mean = sum(runs) / len(runs)
        assert line.split() == [str(num_hidden), f"{count:,d}", percent(min(runs)), percent(mean), percent(max(runs))]


def test_depth_sweep_is_reproducible_for_another_seed(ns):
    torch.manual_seed(ns["SEEDS"][1])
    again = ns["train_and_validate"](ns["DeepFeedforwardModel"](64, [100], 10))
    assert again == ns["depth_accuracies"][1][1]


def test_depth_claims_on_the_page_hold(ns):
    runs = ns["depth_accuracies"]
    mean = {depth: sum(values) / len(values) for depth, values in runs.items()}
    for depth in (1, 2, 3):
        # "its mean over the three seeds is higher, and even its worst run is at least as good as
        # logistic regression's best"
        assert mean[depth] > mean[0]
        assert min(runs[depth]) >= max(runs[0])
        # summary: "at least as well as logistic regression from each of three random starts"
        assert all(deep >= flat for deep, flat in zip(runs[depth], runs[0], strict=True))
    assert mean[2] == max(mean.values())  # "two hidden layers do best"
    assert mean[3] <= mean[2]  # "a third adds nothing over two"
    # "the margins are a handful of images"
    assert (mean[2] - mean[1]) * len(ns["validation_labels"]) <= 6


def test_width_sweep(run, ns):
    widths = ns["HIDDEN_WIDTHS"]
    accuracies = ns["width_accuracies"]
    assert list(accuracies) == widths == [8, 16, 32, 64, 100, 200]
    lines = run.printed("hidden_neurons.py").splitlines()
    assert lines == [f"{width:4d} hidden neurons: validation accuracy {percent(accuracies[width])}" for width in widths]
    assert accuracies[8] == min(accuracies.values())  # "too few neurons ... accuracy suffers"
    beyond_a_few_dozen = [accuracies[width] for width in widths if width >= 32]
    assert max(beyond_a_few_dozen) - min(beyond_a_few_dozen) <= 0.01  # "extra neurons bring little"


def test_width_sweep_is_reproducible(ns):
    torch.manual_seed(0)
    model = ns["FeedforwardNeuralNetModel"](64, 8, 10)
    again = ns["train_and_validate"](model)
    assert again == ns["width_accuracies"][8]
    assert again == pytest.approx(validation_accuracy_by_hand(model, ns), abs=1e-6)


def test_the_choice_is_made_on_validation_and_the_test_set_used_once(run, ns):
    runs = ns["depth_accuracies"]
    means = {depth: sum(values) / len(values) for depth, values in runs.items()}
    best_depth = max(means.values())
    assert ns["chosen_depth"] == min(depth for depth, value in means.items() if value == best_depth)
    best_width = max(ns["width_accuracies"].values())
    assert ns["chosen_width"] == min(w for w, value in ns["width_accuracies"].items() if value == best_width)
    chosen = ns["chosen_model"]
    linears = [m for m in chosen.modules() if isinstance(m, nn.Linear)]
    assert [m.out_features for m in linears] == [ns["chosen_width"]] * ns["chosen_depth"] + [10]
    with torch.no_grad():
        hits = (chosen(ns["test_images"]).argmax(dim=1) == ns["test_labels"]).double().mean().item()
    assert ns["chosen_test_accuracy"] == pytest.approx(hits, abs=1e-6)
    assert run.printed("test_once.py").splitlines()[-1] == f"test accuracy: {percent(hits)}"
    # the sweeps never touch the test images: their code names only the validation set
    for name in ("hidden_layers.py", "hidden_neurons.py"):
        assert "test_" not in (SNIPPETS / "feedforward" / name).read_text()


# --- validation, overfitting, weight decay, early stopping ---


def test_validation_set_is_a_stratified_fifth_of_the_training_set(run, ns):
    fit_index, validation_index = ns["fit_index"], ns["validation_index"]
    n = len(ns["train_labels"])
    assert sorted(fit_index + validation_index) == list(range(n))  # disjoint, and together all of it
    assert len(validation_index) == math.ceil(0.2 * n)  # scikit-learn rounds the held-out part up
    assert_close(ns["fit_images"], ns["train_images"][fit_index])
    assert_close(ns["validation_images"], ns["train_images"][validation_index])
    counts = torch.bincount(ns["validation_labels"], minlength=10).double()
    assert (counts - 0.2 * torch.bincount(ns["train_labels"], minlength=10)).abs().max() <= 1
    assert len(ns["fit_loader"].dataset) == len(fit_index)
    assert ns["fit_loader"].generator is ns["shuffle_generator"]
    assert run.printed("validation_split.py").splitlines() == [
        f"fit:        {(len(fit_index), 64)}",
        f"validation: {(len(validation_index), 64)}",
        f"test:       {tuple(ns['test_images'].shape)}",
    ]


def test_the_gap_between_fit_and_validation_loss_opens(run, ns):
    # "step 7 reached (almost) perfect accuracy on the training images, higher than on the test images"
    assert ns["train_accuracy"] >= 0.99
    assert ns["train_accuracy"] > ns["test_accuracy"]
    fit, validation = ns["curve_history"]["fit"], ns["curve_history"]["validation"]
    assert len(fit) == len(validation) == ns["CURVE_EPOCHS"]
    assert fit[0] > fit[-1]  # "both losses fall at first"
    assert validation[0] > validation[-1]
    assert validation[-1] - fit[-1] > 5 * (validation[0] - fit[0])  # the gap opens
    assert validation[-1] > 5 * fit[-1]  # "levels off far above it"
    assert abs(validation[-11] - validation[-1]) < 0.05 * validation[-1]  # "levels off"
    # the last printed loss is the trained model's
    model = ns["curve_model"]
    with torch.no_grad():
        loss = nn.functional.cross_entropy(model(ns["fit_images"]), ns["fit_labels"]).item()
    assert loss == pytest.approx(fit[-1], rel=1e-5)
    assert run.printed("overfitting_curve.py").splitlines()[-1].split() == [
        str(ns["CURVE_EPOCHS"]),
        f"{fit[-1]:.4f}",
        f"{validation[-1]:.4f}",
    ]


def test_weight_decay_narrows_the_gap(ns):
    plain, decayed = ns["curve_history"], ns["decay_history"]
    assert decayed["fit"][-1] > plain["fit"][-1]  # "the fit loss stays higher"
    assert decayed["validation"][-1] < plain["validation"][-1]  # "the validation loss ends lower"
    assert decayed["validation"][-1] - decayed["fit"][-1] < plain["validation"][-1] - plain["fit"][-1]
    assert ns["weight_size"](ns["decay_model"]) < ns["weight_size"](ns["curve_model"])  # "smaller"


def test_sgd_weight_decay_adds_lambda_theta_to_the_gradient():
    theta = torch.tensor([1.0, -2.0], requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=0.1, weight_decay=0.5)
    theta.grad = torch.tensor([0.3, 0.3])
    optimizer.step()
    assert_close(
        theta.detach(), torch.tensor([1.0, -2.0]) - 0.1 * (torch.tensor([0.3, 0.3]) + 0.5 * torch.tensor([1.0, -2.0]))
    )


def test_early_stopping_follows_its_rule_and_restores_the_best_weights(run, ns):
    plain = ns["curve_history"]["validation"]
    stopped = ns["stopped_history"]["validation"]
    # same seed and batches: the stopped run retraces the full run until it stops
    assert_close(torch.tensor(stopped), torch.tensor(plain[: len(stopped)]))
    best, waited, expected_stop, best_epoch = math.inf, 0, None, None
    for epoch, loss in enumerate(plain, start=1):
        if loss < best - ns["MIN_IMPROVEMENT"]:
            best, waited, best_epoch = loss, 0, epoch
        else:
            waited += 1
            if waited == ns["PATIENCE"]:
                expected_stop = epoch
                break
    assert len(stopped) == expected_stop < ns["CURVE_EPOCHS"]  # "well before the last epoch"
    assert expected_stop <= 0.75 * ns["CURVE_EPOCHS"]
    # the model went back to the best epoch's weights
    model = ns["stopped_model"]
    with torch.no_grad():
        loss = nn.functional.cross_entropy(model(ns["validation_images"]), ns["validation_labels"]).item()
    assert loss == pytest.approx(stopped[best_epoch - 1], rel=1e-5)
    # "within an image or two of the full run's" validation accuracy
    gap = validation_accuracy_by_hand(model, ns) - validation_accuracy_by_hand(ns["curve_model"], ns)
    assert abs(gap) * len(ns["validation_labels"]) <= 2 + 1e-9
    text = run.printed("regularisation.py")
    assert f"stopped after epoch {expected_stop} of {ns['CURVE_EPOCHS']}" in text


# --- evaluation mode and no_grad ---


def test_evaluation_modes(run, ns):
    lines = run.printed("evaluation_modes.py").splitlines()
    first, second, evaluated = (eval(line.split(":", 1)[1]) for line in lines[:3])  # our own output
    assert first != second  # a new random choice on every call
    for values in (first, second):
        assert set(values) <= {0.0, 2.0}  # zeroed or doubled
    assert evaluated == [1.0] * 8  # evaluation mode: unchanged
    train_means, eval_means = (eval(line.split(":", 1)[1]) for line in lines[3:5])
    assert train_means == [0.0, 0.0, 0.0]
    assert all(abs(mean) > 1 for mean in eval_means)
    assert ns["graph_output"].requires_grad
    assert ns["graph_output"].grad_fn is not None
    assert not ns["plain_output"].requires_grad
    assert ns["plain_output"].grad_fn is None
    assert_close(ns["graph_output"].detach(), ns["plain_output"])
    assert ns["model"].training  # left in training mode
    # "our network has neither layer, so for it model.eval() changes nothing"
    assert not any(isinstance(m, nn.Dropout | nn.BatchNorm1d) for m in ns["model"].modules())
    with torch.no_grad():
        in_training_mode = ns["model"](ns["test_images"])
    assert torch.equal(in_training_mode, ns["model"].eval()(ns["test_images"]).detach())
    ns["model"].train()
    assert lines[5:] == [
        f"without no_grad: requires_grad=True, grad_fn={type(ns['graph_output'].grad_fn).__name__}",
        "   with no_grad: requires_grad=False, grad_fn=None",
    ]


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


# --- initialisation ---


def test_equal_starts_keep_hidden_units_identical(run, ns):
    rows = {line.split()[0]: line for line in run.printed("initialisation.py").splitlines()[1:]}
    assert list(rows) == ["zeros", "all", "default"]
    for start in ("zeros", "all"):
        spread, fit_accuracy = rows[start].split()[-2:]
        assert float(spread) < 1e-6
        assert float(fit_accuracy.rstrip("%")) < 20  # "little better than guessing"
    spread, fit_accuracy = rows["default"].split()[-2:]
    assert float(spread) > 0.1
    assert float(fit_accuracy.rstrip("%")) > 90


def test_zero_start_gets_no_gradient_in_the_hidden_layer(ns):
    model = ns["FeedforwardNeuralNetModel"](64, 100, 10)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.zero_()
    nn.functional.cross_entropy(model(ns["fit_images"]), ns["fit_labels"]).backward()
    assert model.fc1.weight.grad.abs().max() == 0
    assert model.fc1.bias.grad.abs().max() == 0
    assert model.fc2.weight.grad.abs().max() == 0  # the hidden values are all 0
    assert model.fc2.bias.grad.abs().max() > 0  # only the readout bias learns


def test_default_linear_init_is_uniform_within_one_over_sqrt_fan_in(run, ns):
    torch.manual_seed(0)
    for n_in in (64, 100, 7):
        layer = nn.Linear(n_in, 500)
        bound = 1 / math.sqrt(n_in)
        for values in (layer.weight.detach(), layer.bias.detach()):
            assert values.abs().max() <= bound
        # uniform: close to the bound at both ends, variance bound^2 / 3
        assert layer.weight.max() > 0.99 * bound
        assert layer.weight.min() < -0.99 * bound
        assert layer.weight.var().item() == pytest.approx(bound**2 / 3, rel=0.05)
    layer = ns["fresh_layer"]
    assert ns["bound"] == 1 / math.sqrt(64)
    text = run.printed("default_init.py")
    assert f"1 / sqrt(fan_in) = {ns['bound']:.4f}" in text
    assert f"weight from {layer.weight.min():.4f} to {layer.weight.max():.4f}" in text


def test_kaiming_keeps_the_signal_and_the_others_shrink(ns):
    sizes = ns["deep_sizes"]
    assert all(0.5 < size < 2 for size in sizes["Kaiming (He)"])
    xavier = sizes["Xavier (Glorot)"]
    assert all(later < earlier for earlier, later in itertools.pairwise(xavier))  # shrinks at every layer
    ratios = [later / earlier for earlier, later in itertools.pairwise(xavier)]
    assert max(ratios) < 0.9
    default = sizes["PyTorch default"]
    assert default[-1] < 0.1
    assert xavier[-1] < 0.1
    assert min(default[3:]) > 0.5 * max(default[3:])  # levelled off after a few layers
    # the variances the prose states, from PyTorch's own functions
    weight = torch.empty(400, 300)
    nn.init.xavier_normal_(weight)
    assert weight.var().item() == pytest.approx(2 / (300 + 400), rel=0.05)
    nn.init.kaiming_normal_(weight, nonlinearity="relu")
    assert weight.var().item() == pytest.approx(2 / 300, rel=0.05)
    default_var = (1 / math.sqrt(300)) ** 2 / 3
    assert default_var < 2 / (300 + 300)  # "PyTorch's default spread, smaller than Xavier's"


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


# --- fits the screen ---


def test_every_output_line_fits_79_columns(run):
    for path, output in zip(run.snippets, run.outputs, strict=True):
        for number, line in enumerate(output.splitlines(), start=1):
            assert len(line) <= 79, f"{path.name}: output line {number} has {len(line)} characters: {line!r}"


# --- exercises ---


def exercise_snippets(run) -> list:
    return [path for path in run.snippets if path.name.startswith("exercise")]


def assigned_names(path) -> set[str]:
    """The names a snippet binds in the shared namespace (not inside functions or comprehensions)."""
    names = set()

    def visit(statements):
        for node in statements:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                names.add(node.name)
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
                continue
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.For):
                targets = [node.target]
            elif isinstance(node, ast.With):
                targets = [item.optional_vars for item in node.items if item.optional_vars]
            for target in targets:
                names.update(name.id for name in ast.walk(target) if isinstance(name, ast.Name))
            for field in ("body", "orelse", "finalbody"):
                visit(getattr(node, field, []))

    visit(ast.parse(path.read_text()).body)
    return names


def test_exercises_come_last_and_leave_the_lessons_names_alone(run):
    names = [path.name for path in run.snippets]
    exercises = exercise_snippets(run)
    assert 3 <= len(exercises) <= 5
    assert names[-len(exercises) :] == [path.name for path in exercises]  # after every lesson snippet
    lesson_names = set().union(*(assigned_names(path) for path in run.snippets[: -len(exercises)]))
    for path in exercises:
        clash = assigned_names(path) & lesson_names - {"layer"}  # a loop variable, never read after
        assert not clash, f"{path.name} rebinds {sorted(clash)}"


def test_exercises_are_in_the_form_the_notebook_generator_reads():
    page = (DOCS / PAGE).read_text()
    exercises = page[page.index("\n## Exercises\n") :]
    numbers = re.findall(r"^\*\*Exercise (\d+)\.\*\* ", exercises, re.M)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    for n in numbers:
        assert re.search(
            rf'^\?\?\? success "Solution to exercise {n}"\n'
            rf'    ```python exec="feedforward/exercise{n}_\w+\.py"\n    ```\n',
            exercises,
            re.M,
        ), f"exercise {n}"


def test_exercise_1_counts_the_parameters(run, ns):
    network = ns["two_hidden_layers"]
    sizes = [64, 100, 50, 10]
    linears = [m for m in network if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == list(itertools.pairwise(sizes))
    expected = sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes))
    assert ns["predicted_count"] == ns["counted"] == expected
    assert run.printed("exercise1_count_parameters.py").strip() == f"predicted {expected:,d}, counted {expected:,d}"


def test_exercise_2_shapes(run):
    assert run.printed("exercise2_predict_shapes.py").splitlines() == [
        "input (5, 64)",
        "Linear (5, 100)",
        "ReLU   (5, 100)",
        "Linear (5, 50)",
        "ReLU   (5, 50)",
        "Linear (5, 10)",
    ]


def test_exercise_3_functional_relu_gives_the_same_logits(run, ns):
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
    assert "identical logits on every test image: True" in run.printed("exercise3_functional_relu.py")


def test_exercise_4_softmax_equals_sigmoid_on_the_xor_network(ns):
    with torch.no_grad():
        logits = ns["xor_relu_network"](ns["xor_inputs"]).double()
    assert_close(ns["softmax_p1"].double(), torch.sigmoid(logits[:, 1] - logits[:, 0]), rtol=1e-5, atol=1e-6)
    assert_close(ns["softmax_p1"], ns["relu_probabilities"])  # the lesson's P(label 1)
