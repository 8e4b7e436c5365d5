"""The logistic-regression lesson, part 1 (the model): its snippets run, and what they compute and print is right.

Parts 2 and 3 (tests/test_cross_entropy.py, tests/test_classifying_digits.py) start with a copy of this part's data and
model; the checks they share with this module are defined here, at the end."""

import ast
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch.testing import assert_close

from conftest import SNIPPETS

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
    check_every_output_line_fits_the_code_column(run)


# --- sigmoid and softmax ------------------------------------------------------------------------------------------


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


def test_binary_cross_entropy_is_the_stated_formula_and_pytorchs(run, ns):
    z, y = ns["bce_logits"].double(), ns["bce_labels"].double()
    p = torch.sigmoid(z)
    # l = -(y log p + (1 - y) log(1 - p)), and L its mean
    per_sample = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))
    assert_close(per_sample, -torch.log(torch.where(y == 1, p, 1 - p)))  # -log p if y = 1, -log(1 - p) if y = 0
    assert_close(ns["binary_cross_entropy"](p, y), per_sample.mean())
    assert_close(ns["bce_by_hand"].double(), per_sample.mean())
    assert_close(ns["bce_pytorch"].double(), F.binary_cross_entropy(p, y))
    assert_close(ns["bce_from_logits"].double(), F.binary_cross_entropy_with_logits(z, y))
    # "the last of the four samples", confidently wrong, pays the most
    assert per_sample.argmax() == 3
    assert y[3] == 0
    assert p[3] > 0.9
    lines = run.printed("binary_cross_entropy.py").splitlines()
    assert len({line.split(":")[1].strip() for line in lines[-3:]}) == 1  # the three printed means agree
    # and the page's function on random logits and labels
    torch.manual_seed(6)
    z, y = 3 * torch.randn(50, dtype=torch.float64), torch.randint(0, 2, (50,)).double()
    assert_close(ns["binary_cross_entropy"](torch.sigmoid(z), y), F.binary_cross_entropy_with_logits(z, y))


def test_untrained_model_is_unsure(ns):
    assert ns["probabilities"].max() < 0.5


# --- exercises ------------------------------------------------------------------------------------------------------


def test_exercise1_sigmoid_slope_is_largest_at_zero(run, ns):
    z = torch.arange(-60, 61, dtype=torch.float64) / 10
    slope = torch.sigmoid(z) * (1 - torch.sigmoid(z))
    assert ns["z_grid"].tolist() == pytest.approx(z.tolist(), abs=1e-6)
    assert_close(ns["slope_autograd"].double(), slope, atol=1e-7, rtol=1e-5)
    assert slope.max() == 0.25 == slope[z == 0]  # "never more than 1/4", reached at 0
    assert ns["z_grid"][ns["steepest"]] == 0
    assert slope[0] < 0.01 * slope.max()  # "a small fraction of its largest value" at z = -6
    text = run.printed("exercise1_sigmoid_slope.py")
    assert "autograd's slope equals sigma (1 - sigma): True" in text
    assert "steepest at z = 0.0, slope 0.2500" in text


def test_exercise2_softmax_ignores_an_added_number_and_needs_the_subtraction_of_the_largest(run, ns):
    assert_close(ns["softmax"](ns["logits_plus_100"]), ns["example_probabilities"])
    assert torch.equal(ns["logits_plus_100"], ns["example_logits"] + 100)
    # "the exponentials of the logits plus 100 overflow float32 to infinity" (the first row, printed)
    assert torch.isinf(torch.exp(ns["logits_plus_100"][0])).all()
    # "far beyond the largest float32 number": exp overflows past about e^88.7
    assert 88 < np.log(torch.finfo(torch.float32).max) < 89
    assert torch.isinf(torch.exp(ns["huge_logits"])).any()
    assert torch.isnan(ns["naive"][0, 0])
    assert torch.equal(ns["softmax"](ns["huge_logits"]), torch.tensor([[1.0, 0.0]]))
    assert torch.exp(torch.tensor(-1000.0)) == 0  # "a number that rounds to 0"
    text = run.printed("exercise2_softmax_shift.py")
    assert "softmax unchanged by adding 100: True" in text
    assert "exp of the logits + 100: [inf, inf, inf]" in text
    assert "softmax, formula as written: [nan, 0.0]" in text
    assert "softmax, largest subtracted: [1.0, 0.0]" in text


# --- what parts 2 and 3 share with this part (their tests import these) -----------------------------------------------


def check_every_output_line_fits_the_code_column(run) -> None:
    for path, output in zip(run.snippets, run.outputs, strict=True):
        for number, line in enumerate(output.splitlines(), start=1):
            assert len(line) <= 79, f"{path.name}, output line {number}: {len(line)} characters"


def definition_source(path: Path, name: str) -> str:
    """The source of one function or class a snippet defines, without its docstrings."""
    (node,) = [node for node in ast.parse(path.read_text()).body if getattr(node, "name", None) == name]
    for inner in ast.walk(node):
        body = getattr(inner, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            inner.body = body[1:]
    return ast.unparse(node)


def check_carried_over_from_part_1(run, part_1: dict, folder: str) -> None:
    """The page's first snippet repeats part 1's data and model, unchanged."""
    carried = SNIPPETS / folder / "carried_over.py"
    assert run.snippets[0] == carried
    assert SHARED_DATA_CODE in carried.read_text()
    model_class = SNIPPETS / "logistic_regression" / "model_class.py"
    name = "LogisticRegressionModel"
    assert definition_source(carried, name) == definition_source(model_class, name)
    ns = run.namespace
    for constant in ("NUM_FEATURES", "NUM_CLASSES"):
        assert ns[constant] == part_1[constant], constant
    for tensor in ("X_train_t", "X_test_t", "y_train_t", "y_test_t"):
        assert torch.equal(ns[tensor], part_1[tensor]), tensor
    # the same starting weights as part 1's model, which part 1 never trained
    torch.manual_seed(0)
    untrained = ns["LogisticRegressionModel"](64, 10)
    for key, tensor in untrained.state_dict().items():
        assert torch.equal(tensor, part_1["model"].state_dict()[key]), key
