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


# --- exercises ------------------------------------------------------------------------------------------------------


def test_exercise1_learning_rates(ns):
    results = ns["rate_results"]
    assert list(results) == pytest.approx([0.01, 0.1, 1.0])
    small, lesson_rate, large = results.values()
    # the middle row is the lesson's own run
    losses = ns["losses"]
    assert lesson_rate[:2] == pytest.approx((losses[9], losses[-1]), abs=1e-6)
    assert lesson_rate[3:] == pytest.approx((ns["train_accuracy"], ns["test_accuracy"]), abs=1e-6)
    assert all(np.isfinite(row).all() for row in results.values())  # nothing diverges
    assert small[0] > lesson_rate[0] > large[0]  # faster with a larger rate
    assert small[1] > lesson_rate[1] > large[1]  # and lower at the end
    assert small[2] < lesson_rate[2] < large[2]  # by growing the weights
    assert large[3] == 1.0  # every training image right
    assert lesson_rate[4] > max(small[4], large[4])  # the lesson's rate does best on the test images


def test_cross_entropy_of_a_linear_model_is_convex(ns):
    """Exercise 1's "smooth bowl": along any segment, the loss lies below the chord."""
    X, y = ns["X_train_t"].double(), ns["y_train_t"]
    torch.manual_seed(5)
    for _ in range(5):
        (W0, b0), (W1, b1) = [(3 * torch.randn(10, 64, dtype=torch.double), torch.randn(10).double()) for _ in "ab"]
        end0, end1 = F.cross_entropy(X @ W0.T + b0, y), F.cross_entropy(X @ W1.T + b1, y)
        for t in torch.linspace(0, 1, 11, dtype=torch.double):
            between = F.cross_entropy(X @ ((1 - t) * W0 + t * W1).T + (1 - t) * b0 + t * b1, y)
            assert between <= (1 - t) * end0 + t * end1 + 1e-9


def test_exercise2_independent_sigmoids_do_not_compete(run, ns, split):
    _, X_test, _, y_test = split
    model = ns["one_vs_rest"]
    assert isinstance(model, torch.nn.Linear)
    assert model.weight.shape == (10, 64)
    assert isinstance(ns["one_vs_rest_criterion"], torch.nn.BCEWithLogitsLoss)
    with torch.no_grad():
        probabilities = torch.sigmoid(model(torch.tensor(X_test, dtype=torch.float32)))
    sums = probabilities.sum(dim=1)
    assert_close(ns["probability_sums"], sums)
    assert ((sums - 1).abs() > 0.1).any()  # they need not add up to one
    switched_on = (probabilities > 0.5).sum(dim=1)
    assert (switched_on == 0).any()  # no digit for some images
    assert (switched_on > 1).any()  # several for others
    accuracy = (probabilities.argmax(dim=1) == torch.from_numpy(y_test)).double().mean().item()
    assert ns["one_vs_rest_accuracy"] == pytest.approx(accuracy)
    assert accuracy < ns["test_accuracy"]  # worse than the softmax model
    text = run.printed("exercise2_one_vs_rest.py")
    assert f"no digit on: {(switched_on == 0).sum()}, with two or more: {(switched_on > 1).sum()}" in text


def test_exercise3_minibatches_reach_the_full_batch_result_in_fewer_passes(run, ns):
    assert ns["num_steps"] == ns["NUM_PASSES"] * len(ns["train_loader"]) == 10 * 23
    compared = ns["compared"]
    full_model, minibatch_model = (trained for trained, _, _ in compared.values())
    assert full_model is ns["model"]
    assert minibatch_model is ns["minibatch_model"]
    full_loss, full_accuracy = ns["loss_and_accuracy"](full_model)
    minibatch_loss, minibatch_accuracy = ns["loss_and_accuracy"](minibatch_model)
    assert full_accuracy == pytest.approx(ns["test_accuracy"])
    # "as good as the full-batch model's", after 10 passes over the data instead of 200
    assert minibatch_loss <= 1.1 * full_loss
    assert minibatch_accuracy >= full_accuracy - 0.005
    assert ns["NUM_PASSES"] < ns["NUM_EPOCHS"]
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
    text = run.printed("exercise3_minibatches.py")
    assert f"{ns['num_steps']:>6}{ns['NUM_PASSES']:>7}{minibatch_loss:>11.4f}" in text
