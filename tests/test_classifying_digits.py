"""The logistic-regression lesson, part 3 (training on the digits): its snippets run, and what they compute and print
is right."""

import pickle
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split
from test_logistic_regression import (
    check_carried_over_from_part_1,
    check_every_output_line_fits_the_code_column,
)
from torch.testing import assert_close

PAGE = "classifying-digits.md"
FOLDER = "classifying_digits"
PART_1 = "logistic-regression.md"


@pytest.fixture(scope="module")
def test_accuracy(ns, split):
    """The trained model's test accuracy, recomputed from the model and the recomputed test set."""
    _, X_test, _, y_test = split
    with torch.no_grad():
        predictions = ns["model"](torch.tensor(X_test, dtype=torch.float32)).argmax(dim=1)
    return (predictions == torch.from_numpy(y_test)).double().mean().item()


@pytest.fixture(scope="module")
def sklearn_accuracy(split):
    X_train, X_test, y_train, y_test = split
    return LogisticRegression(max_iter=5000).fit(X_train, y_train).score(X_test, y_test)


# --- carried over from part 1 ---------------------------------------------------------------------------------------


def test_first_snippet_carries_part_1_over_unchanged(run, lesson):
    check_carried_over_from_part_1(run, lesson(PART_1).namespace, FOLDER)


def test_every_output_line_fits_the_code_column(run):
    check_every_output_line_fits_the_code_column(run)


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


# --- training on the digits -----------------------------------------------------------------------------------------


def test_model_and_settings_are_the_stated_ones(ns):
    model = ns["model"]
    assert model.linear.weight.shape == (10, 64)
    assert model.linear.bias.shape == (10,)
    assert ns["NUM_EPOCHS"] == 200 == len(ns["losses"])
    optimizer = ns["optimizer"]
    assert isinstance(optimizer, torch.optim.SGD)
    assert optimizer.param_groups[0]["lr"] == 0.1
    assert optimizer.param_groups[0]["momentum"] == 0.9
    assert isinstance(ns["criterion"], torch.nn.CrossEntropyLoss)


def test_training_loss_falls(ns):
    losses = ns["losses"]
    assert losses[-1] < losses[49] < losses[0] / 10


def test_test_accuracy_is_at_least_96_percent_and_close_to_sklearn(test_accuracy, sklearn_accuracy):
    assert test_accuracy >= 0.96
    assert abs(test_accuracy - sklearn_accuracy) <= 0.015


def test_page_prints_the_accuracy_of_the_trained_model(run, ns, test_accuracy, split):
    text = run.printed("evaluate.py")
    shown = re.search(r"test accuracy:\s+([\d.]+)% \((\d+) of (\d+) test images\)", text)
    assert shown is not None, text
    assert float(shown[1]) == pytest.approx(100 * test_accuracy, abs=0.005)
    assert int(shown[2]) == round(test_accuracy * len(split[3]))
    assert int(shown[3]) == len(split[3])
    assert ns["test_accuracy"] == pytest.approx(test_accuracy)
    assert ns["train_accuracy"] > ns["test_accuracy"]  # the prose says so


def test_page_prints_both_accuracies_side_by_side(run, test_accuracy, sklearn_accuracy):
    text = run.printed("compare_sklearn.py")
    torch_row = re.search(r"PyTorch .*\s([\d.]+)%", text)
    sklearn_row = re.search(r"scikit-learn LogisticRegression\s+([\d.]+)%", text)
    assert torch_row is not None, text
    assert sklearn_row is not None, text
    assert float(torch_row[1]) == pytest.approx(100 * test_accuracy, abs=0.005)
    assert float(sklearn_row[1]) == pytest.approx(100 * sklearn_accuracy, abs=0.005)


def test_sklearn_penalises_large_weights_by_default_with_an_l2_penalty():
    """The page: by default LogisticRegression adds an L2 penalty (l1_ratio 0: no L1 part) of finite strength."""
    default = LogisticRegression()
    assert default.l1_ratio == 0.0
    assert 0 < default.C < float("inf")


def test_compared_with_sklearn_over_five_splits(run, ns, split):
    """Five validation splits, mean +- std: the mean difference is smaller than its own spread and than either
    model's spread, and each model is ahead on some split."""
    accuracies = ns["split_accuracies"]
    assert ns["NUM_SPLITS"] == 5
    assert accuracies.shape == (5, 2)
    # split 2 recomputed from scratch, both models
    fit_x, fit_y, validation_x, validation_y = _fit_and_validation(split, 2)
    linear, _, _ = _train(fit_x, fit_y, 0.1, 2)
    with torch.no_grad():
        ours = (linear(validation_x).argmax(dim=1) == validation_y).float().mean().item()
    X_train, _, y_train, _ = split
    fit, validation = train_test_split(range(len(y_train)), test_size=0.2, stratify=y_train, random_state=2)
    theirs = LogisticRegression(max_iter=1000).fit(X_train[fit], y_train[fit])
    theirs_accuracy = theirs.score(X_train[validation], y_train[validation])
    assert accuracies[2].tolist() == pytest.approx([100 * ours, 100 * theirs_accuracy], abs=1e-3)
    # the same PyTorch runs as exercise 1's, at the lesson's rate
    assert_close(accuracies[:, 0], 100 * ns["rate_table"][0.1][:, 4])
    lead = accuracies[:, 0] - accuracies[:, 1]
    assert abs(lead.mean()) < lead.std()
    assert abs(lead.mean()) < min(accuracies[:, 0].std(), accuracies[:, 1].std())
    assert lead.min() < 0 < lead.max()
    text = run.printed("compare_sklearn_splits.py")
    for name, column in zip(["PyTorch", "scikit-learn"], accuracies.T, strict=True):
        assert f"{name:<13}{column.mean():6.2f}% +- {column.std():.2f}" in text
    assert f"{lead.mean():+.2f} +- {lead.std():.2f} points, from {lead.min():+.2f} to {lead.max():+.2f}" in text


def test_confusion_matrix_counts_the_test_predictions(ns, split):
    y_test = split[3]
    predictions = ns["test_predictions"]
    assert torch.equal(predictions, ns["model"](ns["X_test_t"]).argmax(dim=1))
    expected = confusion_matrix(y_test, predictions.numpy(), labels=range(10))
    assert np.array_equal(ns["confusion"].numpy(), expected)
    assert ns["confusion"].sum() == len(y_test)


def test_confusion_summary_reads_the_matrix(run, ns, split):
    expected = confusion_matrix(split[3], ns["test_predictions"].numpy(), labels=range(10))
    off_diagonal = expected - np.diag(np.diag(expected))
    worst_true, worst_predicted = np.unravel_index(off_diagonal.argmax(), off_diagonal.shape)
    assert (off_diagonal == off_diagonal.max()).sum() == 1  # "the pair confused most often" is one pair
    errors_per_digit = off_diagonal.sum(axis=1)
    assert (errors_per_digit == errors_per_digit.max()).sum() == 1  # one digit with the most mistakes
    hardest = errors_per_digit.argmax()
    assert (ns["worst_true"], ns["worst_predicted"], ns["hardest"]) == (worst_true, worst_predicted, hardest)
    assert np.count_nonzero(off_diagonal) < 45  # "most off-diagonal cells are blank"
    text = run.printed("confusion_summary.py")
    assert f"a true {worst_true} predicted as {worst_predicted}, {off_diagonal.max()} times" in text
    assert f"digit {hardest}, wrong on {errors_per_digit[hardest]} of its {expected[hardest].sum()}" in text
    assert f"mistakes: {off_diagonal.sum()} of {len(split[3])}" in text


def test_misclassified_digits_are_the_mistakes(ns, split):
    y_test = torch.from_numpy(split[3])
    wrong = ns["wrong"]
    assert torch.equal(wrong, torch.nonzero(ns["test_predictions"] != y_test).squeeze(1))
    assert len(wrong) >= ns["NUM_SHOWN"]  # enough mistakes to fill the figure
    # the images shown are the test digits with the scaling undone: pixel values 0 to 16 again
    digits = load_digits()
    _, raw_test = train_test_split(digits.data, test_size=0.2, stratify=digits.target, random_state=0)
    assert np.allclose(ns["test_images"].reshape(-1, 64), raw_test)


# --- saving and loading, Dataset and DataLoader ------------------------------------------------------------------


def test_reloaded_model_predicts_exactly_like_the_trained_one(run, ns):
    state = ns["model"].state_dict()
    assert list(state) == ["linear.weight", "linear.bias"]
    reloaded = ns["reloaded"]
    assert reloaded is not ns["model"]
    for name, tensor in reloaded.state_dict().items():
        assert torch.equal(tensor, state[name])
        assert tensor.data_ptr() != state[name].data_ptr()  # a copy, not the same memory
    with torch.no_grad():
        assert torch.equal(reloaded(ns["X_test_t"]), ns["model"](ns["X_test_t"]))
    # the fresh model agreed only by chance: far from all, near one in ten
    assert ns["num_fresh_same"] < 0.3 * len(ns["y_test_t"])
    assert not torch.equal(ns["fresh_predictions"], ns["test_predictions"])
    text = run.printed("save_and_load.py")
    assert "<All keys matched successfully>" in text
    assert "reloaded, identical logits:      True" in text
    assert "reloaded, identical predictions: True" in text
    # the optimizer's state dict holds each parameter's momentum velocity
    assert "optimizer state of each parameter: ['momentum_buffer']" in text
    assert len(ns["optimizer_state"]) == 2
    # the temporary folder is gone
    assert not ns["path"].exists()


class _NotATensor:
    """Any Python class: unpickling it could run code, so weights_only refuses it."""


def test_what_the_page_says_about_state_dicts(ns):
    # buffers too, such as batch norm's running averages
    assert {"running_mean", "running_var"} <= set(torch.nn.BatchNorm1d(3).state_dict())
    # load_state_dict checks names and shapes
    model = ns["LogisticRegressionModel"](64, 10)
    state = ns["model"].state_dict()
    with pytest.raises(RuntimeError, match="Missing key"):
        model.load_state_dict({"linear.weight": state["linear.weight"]})
    with pytest.raises(RuntimeError, match="size mismatch"):
        model.load_state_dict({**state, "linear.bias": torch.zeros(9)})
    # weights_only=True refuses arbitrary Python objects
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "not_tensors.pt"
        torch.save({"weights": state, "callback": _NotATensor()}, path)
        with pytest.raises(pickle.UnpicklingError):
            torch.load(path, weights_only=True)


def test_dataset_serves_the_training_pairs(ns):
    dataset = ns["train_dataset"]
    assert isinstance(dataset, torch.utils.data.Dataset)
    assert len(dataset) == len(ns["y_train_t"]) == 1437
    for index in (0, 1, 700, 1436):
        image, label = dataset[index]
        assert torch.equal(image, ns["X_train_t"][index])
        assert label == ns["y_train_t"][index]


def test_dataloader_batches_and_shuffles(run, ns):
    X, y = ns["X_train_t"], ns["y_train_t"]
    batch_size = ns["BATCH_SIZE"]
    loader = ns["train_loader"]
    assert len(loader) == -(-len(y) // batch_size)
    assert ns["sizes"] == [batch_size] * (len(y) // batch_size) + [len(y) % batch_size]
    assert ns["first_images"].shape == (batch_size, 64)
    # each epoch serves every training image exactly once: its rows are a permutation of X
    order_of = {tuple(row): index for index, row in enumerate(X.tolist())}
    assert len(order_of) == len(X)  # every training image is distinct, so rows name images
    orders = []
    for images in ns["epoch_images"]:
        order = [order_of[tuple(row)] for row in images.tolist()]
        assert sorted(order) == list(range(len(X)))
        orders.append(order)
    # shuffled: the orders differ from each other and from the dataset's own order
    assert orders[0] != orders[1]
    assert orders[0] != list(range(len(X))) != orders[1]
    text = run.printed("digits_dataloader.py")
    lines = dict(line.split(":", 1) for line in text.splitlines())
    assert lines["dataset order, labels"] != lines["epoch 1, first labels"] != lines["epoch 2, first labels"]
    assert lines["epoch 1, first labels"].strip() == str(y[orders[0][:12]].tolist())


# --- multilabel -----------------------------------------------------------------------------------------------------


def test_multilabel_targets_are_right(ns, split):
    _, _, y_train, y_test = split
    for targets, digits in ((ns["Y_train_multi"], y_train), (ns["Y_test_multi"], y_test)):
        assert targets.dtype == torch.float32
        assert targets.shape == (len(digits), 2)
        expected = np.stack([digits % 2 == 0, digits > 4], axis=1).astype(np.float32)
        assert np.array_equal(targets.numpy(), expected)
    assert ns["LABEL_NAMES"] == ["is even", "is greater than 4"]


def test_multilabel_model_learns_and_the_page_prints_its_accuracy(run, ns, split):
    _, X_test, _, y_test = split
    targets = torch.from_numpy(np.stack([y_test % 2 == 0, y_test > 4], axis=1)).float()
    model = ns["multilabel_model"]
    assert isinstance(model, torch.nn.Linear)
    assert model.weight.shape == (2, 64)
    assert isinstance(ns["multilabel_criterion"], torch.nn.BCEWithLogitsLoss)
    with torch.no_grad():
        predicted = (torch.sigmoid(model(torch.tensor(X_test, dtype=torch.float32))) > 0.5).float()
    per_label = (predicted == targets).double().mean(dim=0)
    majority = torch.maximum(targets.mean(dim=0), 1 - targets.mean(dim=0)).double()
    assert (per_label > majority + 0.2).all()  # far better than always answering the commoner answer
    text = run.printed("multilabel_train.py")
    for name, accuracy in zip(ns["LABEL_NAMES"], per_label.tolist(), strict=True):
        row = re.search(rf"{name}\s+([\d.]+)%\s+([\d.]+)%", text)
        assert row is not None, text
        assert float(row[1]) == pytest.approx(100 * accuracy, abs=0.005)
    # the prose says reading the answers off the 10-class model's digit does better
    from_digit = torch.stack([ns["test_predictions"] % 2 == 0, ns["test_predictions"] > 4], dim=1).float()
    assert ((from_digit == targets).double().mean(dim=0) > per_label).all()


def test_the_multilabel_linear_model_is_at_its_limit_not_short_of_training(run, ns, split):
    """A linear model fitted to convergence gets hardly more training images right than the page's model, far fewer
    than the answers read off the ten-class model's digit."""
    X_train, _, y_train, _ = split
    targets = np.stack([y_train % 2 == 0, y_train > 4], axis=1)
    with torch.no_grad():
        ours = ((ns["multilabel_model"](torch.tensor(X_train, dtype=torch.float32)) > 0).numpy() == targets).mean(0)
        digits = ns["model"](torch.tensor(X_train, dtype=torch.float32)).argmax(dim=1).numpy()
    from_digit = (np.stack([digits % 2 == 0, digits > 4], axis=1) == targets).mean(0)
    text = run.printed("multilabel_limit.py")
    for column, name in enumerate(ns["LABEL_NAMES"]):
        converged = (
            LogisticRegression(max_iter=5000, C=100.0)
            .fit(X_train, targets[:, column])
            .score(X_train, targets[:, column])
        )
        assert abs(converged - ours[column]) < 0.01  # "hardly more ... than our model", even with a weaker penalty
        assert converged < 0.95  # it cannot fit the images it trains on
        assert from_digit[column] > converged + 0.04  # while the ten-class model's digit answers far better
        row = re.search(rf"{name}\s+([\d.]+)%\s+([\d.]+)%", text)
        assert row is not None, text
        assert float(row[1]) == pytest.approx(100 * ours[column], abs=0.005)
        assert abs(float(row[2]) - 100 * converged) < 1


# --- exercises ------------------------------------------------------------------------------------------------------


def _fit_and_validation(split, seed):
    """A validation fifth of the training images, stratified, as exercise 1 draws it (recomputed here)."""
    X_train, _, y_train, _ = split
    fit, validation = train_test_split(range(len(y_train)), test_size=0.2, stratify=y_train, random_state=seed)
    X = torch.tensor(X_train, dtype=torch.float32)
    y = torch.from_numpy(y_train)
    return X[fit], y[fit], X[validation], y[validation]


def _train(images, targets, lr, seed, loss=F.cross_entropy, steps=200):
    torch.manual_seed(seed)
    linear = torch.nn.Linear(64, 10)  # the page's LogisticRegressionModel draws the same starting weights
    sgd = torch.optim.SGD(linear.parameters(), lr=lr, momentum=0.9)
    losses, gradient_lengths = [], []
    for _ in range(steps):
        sgd.zero_grad()
        value = loss(linear(images), targets)
        value.backward()
        gradient_lengths.append(torch.cat([linear.weight.grad.flatten(), linear.bias.grad]).norm().item())
        sgd.step()
        losses.append(value.item())
    return linear, losses, gradient_lengths


def test_exercise1_chooses_the_rate_on_validation_splits_over_five_seeds(run, ns, split):
    assert ns["NUM_SPLITS"] == 5
    assert ns["rates"] == pytest.approx([0.01, 0.1, 1.0])
    table = ns["rate_table"]
    assert all(rows.shape == (5, 5) for rows in table.values())
    # one cell recomputed from scratch: split 3, the lesson's rate
    fit_x, fit_y, validation_x, validation_y = _fit_and_validation(split, 3)
    assert len(validation_y) == 288
    linear, losses, _ = _train(fit_x, fit_y, 0.1, 3)
    with torch.no_grad():
        validation = (linear(validation_x).argmax(dim=1) == validation_y).float().mean().item()
    assert table[0.1][3].tolist() == pytest.approx(
        [losses[9], losses[-1], linear.weight.norm().item(), table[0.1][3, 3].item(), validation], abs=1e-5
    )
    small, lesson_rate, large = (table[rate] for rate in ns["rates"])
    means = [rows.mean(dim=0) for rows in (small, lesson_rate, large)]
    assert means[0][0] > means[1][0] > means[2][0]  # faster with a larger rate
    assert means[0][1] > means[1][1] > means[2][1]  # and lower at the end
    assert (small[:, 1] > lesson_rate[:, 1]).all()  # on every split
    assert (lesson_rate[:, 1] > large[:, 1]).all()
    assert means[0][2] < means[1][2] < means[2][2]  # by growing the weights
    assert (large[:, 3] == 1.0).all()  # every fit image right, on every split
    # the lesson's rate has the best mean validation accuracy
    assert means[1][4] > max(means[0][4], means[2][4])
    # ahead of the small rate on every split; of the large one on most, by a lead about the size of its spread
    lead_small = 100 * (lesson_rate[:, 4] - small[:, 4])
    lead_large = 100 * (lesson_rate[:, 4] - large[:, 4])
    assert (lead_small > 0).all()
    assert 3 <= (lead_large > 0).sum() < 5
    assert 0.5 < lead_large.mean() / lead_large.std() < 2
    text = run.printed("exercise1_learning_rate.py")
    assert f"+{lead_small.mean():.2f} +- {lead_small.std():.2f} points, ahead on 5 of 5" in text
    assert f"+{lead_large.mean():.2f} +- {lead_large.std():.2f} points, ahead on {(lead_large > 0).sum()} of 5" in text
    for rate, rows in table.items():
        mean, spread = rows[:, 4].mean().item(), rows[:, 4].std().item()
        assert re.search(rf"^ ?{rate:.2f} .* {100 * mean:.2f}% \+- {100 * spread:.2f}%$", text, re.M), text


def test_exercise1_validation_is_a_stratified_fifth_of_the_training_images(split):
    _, _, y_train, _ = split
    for seed in range(5):
        fit, validation = train_test_split(range(len(y_train)), test_size=0.2, stratify=y_train, random_state=seed)
        assert not set(fit) & set(validation)
        assert len(fit) + len(validation) == len(y_train)
        counts = np.bincount(y_train[validation], minlength=10) / np.bincount(y_train, minlength=10)
        assert np.allclose(counts, 0.2, atol=0.02)


def test_exercise2_large_rates_never_rise_above_the_start(run, ns):
    assert ns["LARGE_RATES"] == [1, 3, 5, 10, 20]
    lesson_final = ns["losses"][-1]
    for losses, gradient_lengths in ns["large_rate_curves"].values():
        assert len(losses) == 200
        assert np.isfinite(losses).all()
        assert max(losses[1:]) < losses[0]  # never back to the starting loss
        assert losses[-1] < lesson_final / 5  # "far below the lesson's"
        assert max(gradient_lengths[1:]) < 0.5 * gradient_lengths[0]  # "below half its length at the start"
    # the page's runs recomputed for two rates, from the lesson's start on all training images
    X, y = ns["X_train_t"], ns["y_train_t"]
    for rate in (1, 20):
        _, losses, gradient_lengths = _train(X, y, rate, 0)
        assert losses == pytest.approx(ns["large_rate_curves"][rate][0], rel=1e-4, abs=1e-7)
        assert gradient_lengths == pytest.approx(ns["large_rate_curves"][rate][1], rel=1e-4, abs=1e-7)
    # the weights grow with the rate
    norms = [ns["large_rate_models"][rate].linear.weight.norm().item() for rate in ns["LARGE_RATES"]]
    assert norms == sorted(norms)
    # |p - y| <= 1 whatever the logits: the gradient of a logit is bounded
    torch.manual_seed(9)
    logits = (100 * torch.randn(50, 10)).requires_grad_()
    targets = torch.randint(0, 10, (50,))
    F.cross_entropy(logits, targets, reduction="sum").backward()
    assert logits.grad.abs().max() <= 1


def test_exercise2_the_loss_has_no_minimum_and_is_flat_along_one_vector_per_row(run, ns):
    model = ns["large_rate_models"][1]
    X, y = ns["X_train_t"].double(), ns["y_train_t"]
    W, b = model.linear.weight.detach().double(), model.linear.bias.detach().double()
    assert ((X @ W.T + b).argmax(dim=1) == y).all()  # every training image right: separable
    scaled = [F.cross_entropy(X @ (f * W).T + f * b, y).item() for f in (1, 2, 4, 8)]
    assert scaled[0] > scaled[1] > scaled[2] > scaled[3] > 0  # falls as the weights grow, never reaches 0
    torch.manual_seed(10)
    for _ in range(3):
        v = 5 * torch.randn(64, dtype=torch.float64)
        assert F.cross_entropy(X @ (W + v).T + b, y).item() == pytest.approx(scaled[0], rel=1e-9)
    assert ns["moved_loss"] == pytest.approx(ns["training_loss"](ns["fast_W"], ns["fast_b"]), rel=1e-9)
    text = run.printed("exercise2_large_rates.py")
    assert f"training images right: {len(y)} of {len(y)}" in text
    lines = {line.split(":")[0]: line.split(":")[1].strip() for line in text.splitlines() if ":" in line}
    assert lines["one vector added to every row of W"] == lines["W and b times 1"].split()[-1]


def test_cross_entropy_of_a_linear_model_is_convex(ns):
    """Convex (so convexity cannot be why nothing diverges: the squared error is convex too): along any segment, the
    loss lies below the chord."""
    X, y = ns["X_train_t"].double(), ns["y_train_t"]
    torch.manual_seed(5)
    for _ in range(5):
        (W0, b0), (W1, b1) = [(3 * torch.randn(10, 64, dtype=torch.double), torch.randn(10).double()) for _ in "ab"]
        end0, end1 = F.cross_entropy(X @ W0.T + b0, y), F.cross_entropy(X @ W1.T + b1, y)
        for t in torch.linspace(0, 1, 11, dtype=torch.double):
            between = F.cross_entropy(X @ ((1 - t) * W0 + t * W1).T + (1 - t) * b0 + t * b1, y)
            assert between <= (1 - t) * end0 + t * end1 + 1e-9


def test_exercise3_one_vs_rest_with_the_step_matched(run, ns, split):
    # BCEWithLogitsLoss's mean gives each logit (sigmoid(z) - y) / (10 n); CrossEntropyLoss's gives (p - y) / n
    torch.manual_seed(11)
    logits = torch.randn(6, 10, dtype=torch.float64, requires_grad=True)
    targets = F.one_hot(torch.arange(6), 10).double()
    torch.nn.BCEWithLogitsLoss()(logits, targets).backward()
    assert_close(logits.grad, (torch.sigmoid(logits) - targets).detach() / (10 * 6))
    ce_logits = logits.detach().clone().requires_grad_()
    torch.nn.CrossEntropyLoss()(ce_logits, torch.arange(6)).backward()
    assert_close(ce_logits.grad, (torch.softmax(ce_logits, dim=1) - targets).detach() / 6)
    assert "(sigmoid(z) - y) / (10 n): True" in run.printed("exercise3_one_vs_rest.py")
    table = ns["readout_table"]
    assert list(ns["one_vs_rest_rates"].values()) == pytest.approx([0.1, 1.0])
    unmatched, matched = table["one-vs-rest, lr 0.1"], table["one-vs-rest, lr 1.0"]
    assert unmatched.shape == matched.shape == (5, 6)
    # one split recomputed from scratch, both rates
    fit_x, fit_y, validation_x, validation_y = _fit_and_validation(split, 2)
    for rate, rows in ((0.1, unmatched), (1.0, matched)):
        linear, _, _ = _train(fit_x, F.one_hot(fit_y, 10).float(), rate, 2, F.binary_cross_entropy_with_logits)
        with torch.no_grad():
            logits = linear(validation_x)
        sums = torch.sigmoid(logits).sum(dim=1)
        on = (torch.sigmoid(logits) > 0.5).sum(dim=1)
        expected = [
            (logits.argmax(dim=1) == validation_y).float().mean().item(),
            sums.min().item(),
            sums.max().item(),
            (sums - 1).abs().mean().item(),
            (on == 0).sum().item(),
            (on > 1).sum().item(),
        ]
        assert rows[2].tolist() == pytest.approx(expected, abs=1e-5)
    softmax = ns["rate_table"][0.1][:, 4]  # exercise 1's lesson-rate runs, on the same splits and starts
    assert torch.equal(ns["softmax_accuracies"], softmax)
    lead_unmatched = 100 * (softmax - unmatched[:, 0])
    lead_matched = 100 * (softmax - matched[:, 0])
    # with the lesson's rate: behind on every split, close to the softmax model with a ten times smaller rate
    assert (lead_unmatched > 0).all()
    assert abs(unmatched[:, 0].mean() - ns["rate_table"][0.01][:, 4].mean()) < 0.01
    # matched: most of the gap closes; still ahead on average, by less than the spread, and not on every split
    assert lead_matched.mean() < lead_unmatched.mean() / 2
    assert 0 < lead_matched.mean() < lead_matched.std()
    assert (lead_matched > 0).sum() < 5
    # the sums stray from one, less on average with the matched step; no digit for some images, several for others
    for rows in (unmatched, matched):
        assert rows[:, 1].min() < 1 < rows[:, 2].max()
        assert (rows[:, 4] > 0).all()
        assert (rows[:, 5] > 0).all()
    assert matched[:, 3].mean() < unmatched[:, 3].mean()
    text = run.printed("exercise3_one_vs_rest.py")
    assert f"{lead_unmatched.mean():+.2f} +- {lead_unmatched.std():.2f} points, ahead on 5 of 5" in text
    assert (
        f"{lead_matched.mean():+.2f} +- {lead_matched.std():.2f} points, ahead on {(lead_matched > 0).sum()} of 5"
        in text
    )


def test_exercise4_minibatches_about_match_the_full_batch_result_in_fewer_passes(run, ns, split):
    assert ns["NUM_PASSES"] == 10 < ns["NUM_EPOCHS"]
    table = ns["batch_table"]
    assert table.shape == (5, 4)
    fit_x, fit_y, validation_x, validation_y = _fit_and_validation(split, 1)
    assert ns["num_steps"] == 10 * -(-len(fit_y) // 64) == 180
    # the full-batch runs are exercise 1's lesson-rate runs
    assert torch.equal(table[:, 1], ns["rate_table"][0.1][:, 4])
    # one split's mini-batch run recomputed from scratch
    torch.manual_seed(1)
    linear = torch.nn.Linear(64, 10)
    sgd = torch.optim.SGD(linear.parameters(), lr=0.1, momentum=0.9)
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(fit_x, fit_y),
        batch_size=64,
        shuffle=True,
        generator=torch.Generator().manual_seed(1),
    )
    for _ in range(10):
        for images, labels in loader:
            sgd.zero_grad()
            F.cross_entropy(linear(images), labels).backward()
            sgd.step()
    with torch.no_grad():
        fit_loss = F.cross_entropy(linear(fit_x), fit_y).item()
        validation = (linear(validation_x).argmax(dim=1) == validation_y).float().mean().item()
    assert table[1, 2:].tolist() == pytest.approx([fit_loss, validation], abs=1e-5)
    # "a fit loss a little above the full-batch model's", "a validation accuracy within a fraction of a point,
    # a difference smaller than its spread between splits"
    assert table[:, 0].mean() < table[:, 2].mean() < 1.1 * table[:, 0].mean()
    gain = 100 * (table[:, 3] - table[:, 1])
    assert abs(gain.mean()) < 1
    assert abs(gain.mean()) < gain.std()
    text = run.printed("exercise4_minibatches.py")
    assert f"validation: {gain.mean():+.2f} +- {gain.std():.2f} points" in text
    assert f"mini-batches           180     10 {table[:, 2].mean():.4f}" in text
    # at the start of training, every batch's gradient points much the same way as the full gradient
    torch.manual_seed(0)
    untrained = ns["LogisticRegressionModel"](64, 10)

    def gradient(images, labels):
        untrained.zero_grad()
        F.cross_entropy(untrained(images), labels).backward()
        return torch.cat([untrained.linear.weight.grad.flatten(), untrained.linear.bias.grad])

    full_gradient = gradient(ns["X_train_t"], ns["y_train_t"])
    for images, labels in ns["train_loader"]:
        assert F.cosine_similarity(gradient(images, labels), full_gradient, dim=0) > 0.5
