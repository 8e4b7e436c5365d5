"""Part 2 of the feed-forward lesson (network design): its snippets run, and what they compute and print is right."""

import itertools
import math
import re

import numpy as np
import pytest
import torch
from torch import nn
from torch.testing import assert_close

from conftest import SNIPPETS

PAGE = "network-design.md"
PART_1 = "feedforward-networks.md"


def percent(value: float) -> str:
    return f"{value:.2%}"


# --- carried over from part 1 ---


def test_carried_over_code_is_part_1s(lesson, ns):
    """The collapsed block repeats part 1's data, model class and settings; nothing differs."""
    part_1 = lesson(PART_1).namespace
    for name in ("X_train", "X_test", "y_train", "y_test"):
        np.testing.assert_array_equal(ns[name], part_1[name])
    for name in ("train_images", "train_labels", "test_images", "test_labels"):
        assert torch.equal(ns[name], part_1[name])
    for name in ("BATCH_SIZE", "INPUT_DIM", "HIDDEN_DIM", "OUTPUT_DIM", "LEARNING_RATE", "MOMENTUM", "NUM_EPOCHS"):
        assert ns[name] == part_1[name], name
    assert type(ns["criterion"]) is type(part_1["criterion"])
    # the same class: the same layers, and from the same seed the same weights and the same logits
    models = []
    for namespace in (ns, part_1):
        torch.manual_seed(0)
        models.append(namespace["FeedforwardNeuralNetModel"](64, 100, 10))
    assert str(models[0]) == str(models[1])
    with torch.no_grad():
        assert torch.equal(models[0](ns["test_images"]), models[1](ns["test_images"]))
    logits = torch.tensor([[0.1, 0.9, 0.0], [2.0, 1.0, 0.5], [0.0, 0.0, 3.0], [1.0, 3.0, 2.0]])
    labels = torch.tensor([1, 1, 2, 2])
    assert ns["accuracy"](nn.Identity(), logits, labels) == part_1["accuracy"](nn.Identity(), logits, labels) == 0.5
    assert ns["train_loader"].batch_size == 32
    assert ns["train_loader"].generator is ns["shuffle_generator"]


def test_figures_are_drawn_and_fit_a_phone_column(run):
    names = [path.name for path in run.snippets]
    assert run.figures[names.index("hidden_neurons.py")] == 1
    assert run.figures[names.index("overfitting_curve.py")] == 1
    sources = [path.read_text() for path, count in zip(run.snippets, run.figures, strict=True) if count]
    for source in sources:
        (width,) = re.findall(r"figsize=\(([\d.]+),", source)
        assert float(width) <= 6
        assert "subplots(1, 2" not in source


# --- hidden layers and hidden neurons, on the validation set ---


def validation_accuracy_by_hand(model, ns) -> float:
    with torch.no_grad():
        hits = model(ns["validation_images"]).argmax(dim=1) == ns["validation_labels"]
    return hits.double().mean().item()


def test_depth_table_comes_from_the_trained_models(run, ns):
    assert ns["SWEEP_EPOCHS"] < ns["NUM_EPOCHS"]
    assert len(ns["SEEDS"]) == 2  # "two different random starts"
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
        # "its mean over the two seeds is higher, and even its worst run is at least as good as
        # logistic regression's best"
        assert mean[depth] > mean[0]
        assert min(runs[depth]) >= max(runs[0])
        # summary: "at least as well as logistic regression from each of two random starts"
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
        assert "test_" not in (SNIPPETS / "network_design" / name).read_text()


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


def test_the_gap_between_fit_and_validation_loss_opens(lesson, run, ns):
    # "in part 1, step 7 reached (almost) perfect accuracy on the training images, higher than on the test images"
    part_1 = lesson(PART_1).namespace
    assert part_1["train_accuracy"] >= 0.99
    assert part_1["train_accuracy"] > part_1["test_accuracy"]
    # "with step 7's settings and number of epochs"
    assert ns["CURVE_EPOCHS"] == part_1["NUM_EPOCHS"]
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
    assert ns["curve_model"].training  # left in training mode
    # "our network has neither layer, so for it model.eval() changes nothing"
    assert not any(isinstance(m, nn.Dropout | nn.BatchNorm1d) for m in ns["curve_model"].modules())
    with torch.no_grad():
        in_training_mode = ns["curve_model"](ns["validation_images"])
    assert torch.equal(in_training_mode, ns["curve_model"].eval()(ns["validation_images"]).detach())
    ns["curve_model"].train()
    assert lines[5:] == [
        f"without no_grad: requires_grad=True, grad_fn={type(ns['graph_output'].grad_fn).__name__}",
        "   with no_grad: requires_grad=False, grad_fn=None",
    ]


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
    assert float(fit_accuracy.rstrip("%")) > 80


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
    model = ns["curve_model"]
    image = ns["validation_images"][:1]
    with torch.no_grad():
        assert_close(ns["hidden_features"], torch.clamp(image @ model.fc1.weight.T + model.fc1.bias, min=0))
        assert_close(ns["logits"], model(image))
    probabilities = ns["probabilities"]
    assert probabilities.shape == (1, 10)
    assert_close(probabilities.sum(dim=1), torch.ones(1))
    assert_close(probabilities, torch.exp(ns["logits"]) / torch.exp(ns["logits"]).sum())


def test_parameter_counts_match_the_formula(run, ns):
    model = ns["curve_model"]
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
    stepped, out = [], ns["validation_images"][:batch]
    with torch.no_grad():
        for name, layer in ns["curve_model"].named_children():
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


# --- fits the screen ---


def test_every_output_line_fits_79_columns(run):
    for path, output in zip(run.snippets, run.outputs, strict=True):
        for number, line in enumerate(output.splitlines(), start=1):
            assert len(line) <= 79, f"{path.name}: output line {number} has {len(line)} characters: {line!r}"


# --- exercises ---


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
