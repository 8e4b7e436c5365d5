"""Part 2 of the feed-forward lesson (network design): its snippets run, and what they compute and print is right."""

import itertools
import math
import re
import statistics
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn
from torch.testing import assert_close
from torch.utils.data import TensorDataset

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
    assert run.figures[names.index("dropout_training.py")] == 1
    sources = [path.read_text() for path, count in zip(run.snippets, run.figures, strict=True) if count]
    for source in sources:
        (width,) = re.findall(r"figsize=\(([\d.]+),", source)
        assert float(width) <= 6
        assert "subplots(1, 2" not in source


# --- hidden layers and hidden neurons, on the validation set ---


def validation_accuracy_by_hand(model, ns) -> float:
    model.eval()  # dropout off
    with torch.no_grad():
        hits = model(ns["validation_images"]).argmax(dim=1) == ns["validation_labels"]
    model.train()
    return hits.double().mean().item()


def spread_text(values, fmt: str) -> str:
    """The page's ``spread``, computed independently: mean ± sample std (lowest to highest)."""
    mean, std = statistics.mean(values), statistics.stdev(values)
    std_fmt = fmt.lstrip("+")
    return f"{mean:{fmt}} ± {std:{std_fmt}} ({min(values):{fmt}} to {max(values):{fmt}})"


def mean(values) -> float:
    return statistics.mean(values)


def images(fraction: float, ns) -> float:
    return fraction * len(ns["validation_labels"])


def test_comparisons_run_over_at_least_five_seeds_with_the_cheap_recipe(ns):
    assert len(set(ns["SEEDS"])) == len(ns["SEEDS"]) >= 5
    assert ns["SWEEP_EPOCHS"] < ns["REMEDY_EPOCHS"] < ns["CURVE_EPOCHS"] == ns["NUM_EPOCHS"]
    assert (ns["SWEEP_BATCH_SIZE"], ns["SWEEP_LEARNING_RATE"]) == (4 * ns["BATCH_SIZE"], 4 * ns["LEARNING_RATE"])
    # "9 steps per epoch instead of 36"
    n_fit = len(ns["fit_labels"])
    assert len(ns["shuffled_batches"](n_fit, ns["SWEEP_BATCH_SIZE"])) == math.ceil(n_fit / 128) == 9
    assert len(ns["shuffled_batches"](n_fit, ns["BATCH_SIZE"])) == math.ceil(n_fit / 32) == 36
    for name in ("plain_runs", "decay_runs", "stopped_runs", "dropout_runs"):
        assert len(ns[name]) == len(ns["SEEDS"])
    for name in ("depth_accuracies", "width_accuracies"):
        assert all(len(runs) == len(ns["SEEDS"]) for runs in ns[name].values())


def test_spread_is_mean_sample_std_and_range(ns):
    values = [0.25, 0.5, 1.0, 0.125]
    assert ns["spread"](values, ".3f") == spread_text(values, ".3f")
    assert ns["spread"]([-1.0, 2.0], "+.1f") == "+0.5 ± 2.1 (-1.0 to +2.0)"


def test_depth_table_comes_from_the_trained_models(run, ns):
    lines = run.printed("hidden_layers.py").splitlines()
    assert lines[0] == f"validation accuracy after {ns['SWEEP_EPOCHS']} epochs, {len(ns['SEEDS'])} seeds"
    rows = lines[2:]
    assert len(rows) == len(ns["depth_models"]) == 4
    for line, (num_hidden, model) in zip(rows, ns["depth_models"].items(), strict=True):
        linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
        relus = [m for m in model.modules() if isinstance(m, nn.ReLU)]
        assert len(linears) == num_hidden + 1
        assert len(relus) == num_hidden
        sizes = [64] + [100] * num_hidden + [10]
        assert [(m.in_features, m.out_features) for m in linears] == list(itertools.pairwise(sizes))
        count = sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes))
        runs = ns["depth_accuracies"][num_hidden]
        # the model kept is the last seed's: its accuracy is the last entry, on the validation set
        assert runs[-1] == pytest.approx(validation_accuracy_by_hand(model, ns), abs=1e-6)
        assert line.split(maxsplit=2) == [str(num_hidden), f"{count:,d}", spread_text(runs, ".2%")]


def test_depth_sweep_is_reproducible_for_another_seed(ns):
    torch.manual_seed(ns["SEEDS"][2])
    again = ns["train_and_validate"](ns["DeepFeedforwardModel"](64, [100], 10))
    assert again == ns["depth_accuracies"][1][2]


def test_depth_claims_on_the_page_hold(ns):
    runs = ns["depth_accuracies"]
    means = {depth: mean(values) for depth, values in runs.items()}
    # "the means differ by a few images at most"
    assert images(max(means.values()) - min(means.values()), ns) <= 4
    # "the ranges of the seeds overlap: no depth is clearly better than logistic regression"
    for depth in (1, 2, 3):
        assert min(runs[depth]) <= max(runs[0])
        assert min(runs[0]) <= max(runs[depth])
    # "each validation image is worth a fraction of a percent"
    assert 1 / len(ns["validation_labels"]) < 0.01


def test_width_sweep(run, ns):
    widths = ns["HIDDEN_WIDTHS"]
    accuracies = ns["width_accuracies"]
    assert list(accuracies) == widths == [8, 16, 32, 100, 200]
    # the row for 100 neurons is the depth table's one-hidden-layer row, and retraining gives it again
    assert accuracies[ns["HIDDEN_DIM"]] is ns["depth_accuracies"][1]
    torch.manual_seed(ns["SEEDS"][0])
    assert ns["train_and_validate"](ns["FeedforwardNeuralNetModel"](64, 100, 10)) == accuracies[100][0]
    lines = run.printed("hidden_neurons.py").splitlines()[2:]
    assert lines == [f"{width:14d}  {spread_text(accuracies[width], '.2%')}" for width in widths]
    # "with 8 neurons even the best seed stays below the worst seed of every width from 32 on"
    from_32 = [width for width in widths if width >= 32]
    assert max(accuracies[8]) < min(min(accuracies[width]) for width in from_32)
    # "from 32 neurons on, the means differ by less than the range of any of these widths' seeds"
    means = [mean(accuracies[width]) for width in from_32]
    assert max(means) - min(means) < min(max(accuracies[w]) - min(accuracies[w]) for w in from_32)


def test_width_sweep_is_reproducible(ns):
    torch.manual_seed(ns["SEEDS"][1])
    model = ns["DeepFeedforwardModel"](64, [8], 10)
    again = ns["train_and_validate"](model)
    assert again == ns["width_accuracies"][8][1]
    assert again == pytest.approx(validation_accuracy_by_hand(model, ns), abs=1e-6)


def test_the_choice_is_made_on_validation_and_the_test_set_used_once(run, ns):
    for name, key in (("chosen_depth", "depth_accuracies"), ("chosen_width", "width_accuracies")):
        means = {setting: mean(values) for setting, values in ns[key].items()}
        assert ns[name] == min(setting for setting, value in means.items() if value == max(means.values()))
    chosen = ns["chosen_model"]
    linears = [m for m in chosen.modules() if isinstance(m, nn.Linear)]
    assert [m.out_features for m in linears] == [ns["chosen_width"]] * ns["chosen_depth"] + [10]
    with torch.no_grad():
        hits = (chosen(ns["test_images"]).argmax(dim=1) == ns["test_labels"]).double().mean().item()
    assert ns["chosen_test_accuracy"] == pytest.approx(hits, abs=1e-6)
    assert run.printed("test_once.py").splitlines()[-1] == f"test accuracy: {percent(hits)}"
    # "trained again with the sweeps' short recipe": the same number of epochs, batch size and rate
    source = (SNIPPETS / "network_design" / "test_once.py").read_text()
    assert "range(SWEEP_EPOCHS)" in source
    assert "SWEEP_BATCH_SIZE)" in source
    assert "lr=SWEEP_LEARNING_RATE" in source
    assert "step 7" not in source
    # the sweeps never touch the test images: their code names only the validation set
    for name in (
        "regularisation.py",
        "early_stopping.py",
        "dropout_training.py",
        "hidden_layers.py",
        "hidden_neurons.py",
    ):
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
    lines = run.printed("validation_split.py").splitlines()
    assert lines[:3] == [
        f"fit:        {(len(fit_index), 64)}",
        f"validation: {(len(validation_index), 64)}",
        f"test:       {tuple(ns['test_images'].shape)}",
    ]
    # the printed batches: 0..9 once each, in batches of 4, the last one smaller
    batches = eval(lines[4])  # our own output
    assert [len(batch) for batch in batches] == [4, 4, 2]
    assert sorted(itertools.chain(*batches)) == list(range(10))


def test_shuffled_batches_are_a_new_random_order_cut_into_batches(ns):
    generator = ns["shuffle_generator"]
    generator.manual_seed(0)
    first = ns["shuffled_batches"](1149, 128)
    second = ns["shuffled_batches"](1149, 128)
    generator.manual_seed(0)
    assert torch.equal(torch.cat(first), torch.randperm(1149, generator=generator))
    assert sorted(torch.cat(first).tolist()) == list(range(1149))
    assert not torch.equal(torch.cat(first), torch.cat(second))  # a new order every epoch
    assert [len(batch) for batch in first] == [128] * 8 + [1149 - 8 * 128]
    # the prose's source claims: a DataLoader's RandomSampler walks a randperm order, and for a
    # TensorDataset (no __getitems__) the fetcher takes the images of a batch one at a time
    sampler_source = (Path(torch.__file__).parent / "utils/data/sampler.py").read_text()
    assert "torch.randperm(n, generator=generator)" in sampler_source
    fetch_source = (Path(torch.__file__).parent / "utils/data/_utils/fetch.py").read_text()
    assert "[self.dataset[idx] for idx in possibly_batched_index]" in fetch_source
    assert not hasattr(TensorDataset, "__getitems__")


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


def final(runs, key):
    return [r["history"][key][-1] for r in runs]


def test_remedy_runs_start_from_the_seeds_and_differ_only_by_the_remedy(ns):
    plain, decayed, stopped = ns["plain_runs"], ns["decay_runs"], ns["stopped_runs"]
    # same seed and batches: the stopped runs retrace the runs without a remedy until they stop
    for p, s in zip(plain, stopped, strict=True):
        length = len(s["history"]["validation"])
        assert s["history"]["validation"] == p["history"]["validation"][:length]
    # rerunning one seed gives the same history
    torch.manual_seed(ns["SEEDS"][3])
    model = ns["part_1_network"]()
    history, _ = ns["train_with_validation"](
        model, ns["REMEDY_EPOCHS"], ns["SWEEP_BATCH_SIZE"], ns["SWEEP_LEARNING_RATE"], weight_decay=ns["WEIGHT_DECAY"]
    )
    assert history == decayed[3]["history"]


def test_over_the_seeds_the_gap_opens_and_weight_decay_narrows_it(run, ns):
    plain, decayed = ns["plain_runs"], ns["decay_runs"]
    # "after 20 epochs the fit loss is a fraction of the validation loss for every seed"
    assert all(v > 4 * f for f, v in zip(final(plain, "fit"), final(plain, "validation"), strict=True))
    fit_diff = [d - p for p, d in zip(final(plain, "fit"), final(decayed, "fit"), strict=True)]
    val_diff = [d - p for p, d in zip(final(plain, "validation"), final(decayed, "validation"), strict=True)]
    assert all(diff > 0 for diff in fit_diff)  # "the fit loss ends higher ... for every seed"
    assert all(diff < 0 for diff in val_diff)  # "and the validation loss lower"
    # "the mean drop of the validation loss is smaller than its standard deviation between seeds"
    assert -mean(val_diff) < statistics.stdev(final(plain, "validation"))
    # "the two ranges of weight sizes do not even overlap"
    sizes_plain = [float(ns["weight_size"](r["model"])) for r in plain]
    sizes_decay = [float(ns["weight_size"](r["model"])) for r in decayed]
    assert max(sizes_decay) < min(sizes_plain)
    text = run.printed("regularisation.py")
    assert f"  decay - none {spread_text(val_diff, '+.4f')}" in text
    assert f"  no penalty   {spread_text(final(plain, 'validation'), '.4f')}" in text
    assert f"  weight decay {spread_text(sizes_decay, '.2f')}" in text


def test_sgd_weight_decay_adds_lambda_theta_to_the_gradient():
    theta = torch.tensor([1.0, -2.0], requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=0.1, weight_decay=0.5)
    theta.grad = torch.tensor([0.3, 0.3])
    optimizer.step()
    expected = torch.tensor([1.0, -2.0]) - 0.1 * (torch.tensor([0.3, 0.3]) + 0.5 * torch.tensor([1.0, -2.0]))
    assert_close(theta.detach(), expected)
    # "for plain SGD without momentum the two are the same step": (1 - eta lambda) theta - eta g
    assert_close(theta.detach(), (1 - 0.1 * 0.5) * torch.tensor([1.0, -2.0]) - 0.1 * torch.tensor([0.3, 0.3]))


def test_early_stopping_follows_its_rule_and_restores_the_best_weights(run, ns):
    stop_epochs, differences, full = [], [], []
    for plain, stopped in zip(ns["plain_runs"], ns["stopped_runs"], strict=True):
        losses = plain["history"]["validation"]
        best, waited, expected_stop, best_epoch = math.inf, 0, None, None
        for epoch, loss in enumerate(losses, start=1):
            if loss < best - ns["MIN_IMPROVEMENT"]:
                best, waited, best_epoch = loss, 0, epoch
            else:
                waited += 1
                if waited == ns["PATIENCE"]:
                    expected_stop = epoch
                    break
        # "for every seed it stopped before the last epoch"
        assert expected_stop is not None
        assert len(stopped["history"]["validation"]) == expected_stop
        assert expected_stop < ns["REMEDY_EPOCHS"]
        stop_epochs.append(expected_stop)
        # the model went back to the best epoch's weights
        model = stopped["model"]
        with torch.no_grad():
            loss = nn.functional.cross_entropy(model(ns["validation_images"]), ns["validation_labels"]).item()
        assert loss == pytest.approx(losses[best_epoch - 1], rel=1e-5)
        full.append(validation_accuracy_by_hand(plain["model"], ns))
        differences.append(round(images(validation_accuracy_by_hand(model, ns) - full[-1], ns)))
    assert ns["full_accuracies"] == pytest.approx(full, abs=1e-6)
    # "the differences are smaller than the differences between the seeds' full runs"
    assert max(abs(d) for d in differences) < images(max(full) - min(full), ns) - 1e-9
    text = run.printed("early_stopping.py")
    assert f"stopped after epoch {spread_text(stop_epochs, '.1f')} of {ns['REMEDY_EPOCHS']}" in text
    assert text.splitlines()[-1] == f"  early stop - all epochs, in images: {spread_text(differences, '+.1f')}"


# --- Adam and AdamW ---


def test_adam_weight_decay_is_l2_in_the_loss_and_adamw_decouples_it(run, ns):
    eta, steps = ns["ADAM_LEARNING_RATE"], ns["ADAM_STEPS"]
    weights_after = ns["weights_after"]
    # Adam's weight_decay: the same steps as lambda / 2 |w|^2 in the loss
    assert_close(ns["by_option"], ns["by_loss"])
    # the free weight: Adam moves it by about eta per step whatever lambda is
    for decay in (0.01, 0.1):
        adam = weights_after(torch.optim.Adam, decay)
        assert adam[0].item() == pytest.approx(1 - steps * eta, abs=1e-3)
        # the weight with gradient 10: where it would be without decay
        assert adam[1].item() == pytest.approx(weights_after(torch.optim.Adam, 0.0)[1].item(), abs=1e-5)
        # AdamW: the free weight shrinks by (1 - eta lambda) per step
        adamw = weights_after(torch.optim.AdamW, decay)
        assert adamw[0].item() == pytest.approx((1 - eta * decay) ** steps, rel=1e-6)
        # and the pushed weight also loses about eta lambda times its value per step
        assert adamw[1].item() < weights_after(torch.optim.AdamW, 0.0)[1].item() - 0.5 * steps * eta * decay * 0.9
    # "AdamW is Adam with decoupled_weight_decay=True", default weight_decay 0.01; Adam's default 0
    assert issubclass(torch.optim.AdamW, torch.optim.Adam)
    w = torch.zeros(1, requires_grad=True)
    assert torch.optim.AdamW([w]).defaults["decoupled_weight_decay"] is True
    assert torch.optim.AdamW([w]).defaults["weight_decay"] == 0.01
    assert torch.optim.Adam([w]).defaults["weight_decay"] == 0
    assert torch.optim.Adam([w]).defaults["betas"] == (0.9, 0.999)
    assert torch.optim.Adam([w]).defaults["eps"] == 1e-8
    # one Adam step by hand, from the formula on the page, for both forms
    theta0, g, decay, lr = torch.tensor([0.5, -1.0]), torch.tensor([0.2, 0.0]), 0.1, 0.01
    for optimizer_class in (torch.optim.Adam, torch.optim.AdamW):
        theta = theta0.clone().requires_grad_(True)
        optimizer = optimizer_class([theta], lr=lr, weight_decay=decay)
        theta.grad = g.clone()
        optimizer.step()
        if optimizer_class is torch.optim.Adam:
            start, grad = theta0, g + decay * theta0
        else:
            start, grad = (1 - lr * decay) * theta0, g
        m_hat, v_hat = grad, grad**2  # step 1: bias correction undoes (1 - beta)
        assert_close(theta.detach(), start - lr * m_hat / (v_hat.sqrt() + 1e-8))
    rows = run.printed("adam_weight_decay.py").splitlines()[-5:]
    assert [row.split()[:2] for row in rows] == [
        ["Adam", "0"],
        ["Adam", "0.01"],
        ["Adam", "0.1"],
        ["AdamW", "0.01"],
        ["AdamW", "0.1"],
    ]


# --- evaluation mode and no_grad; dropout in training ---


def test_evaluation_modes(run, ns):
    lines = run.printed("evaluation_modes.py").splitlines()
    calls = []
    for line in lines[:2]:
        values, count = re.fullmatch(r"dropout, train mode: (\[.*\]) \((\d) of 8 zeroed\)", line).groups()
        values = eval(values)  # our own output
        assert set(values) <= {0.0, 2.0}  # zeroed or multiplied by 1 / (1 - p) = 2
        assert values.count(0.0) == int(count)
        calls.append(values)
    assert calls[0] != calls[1]  # a new random choice on every call
    # "zeroes each input on its own": the first call zeroed more than half, the second fewer
    assert calls[0].count(0.0) > 4 > calls[1].count(0.0)
    assert eval(lines[2].split(":", 1)[1]) == [1.0] * 8  # evaluation mode: unchanged
    fraction, mean_value = (
        float(x) for x in re.fullmatch(r"on 100,000 ones: ([\d.]+) zeroed, mean ([\d.]+)", lines[3]).groups()
    )
    assert abs(fraction - 0.5) < 0.01
    assert abs(mean_value - 1) < 0.01
    train_means, eval_means = (eval(line.split(":", 1)[1]) for line in lines[4:6])
    assert train_means == [0.0, 0.0, 0.0]
    assert all(abs(m) > 1 for m in eval_means)
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
    assert lines[6:] == [
        f"without no_grad: requires_grad=True, grad_fn={type(ns['graph_output'].grad_fn).__name__}",
        "   with no_grad: requires_grad=False, grad_fn=None",
    ]


def test_dropout_zeroes_each_input_independently():
    # the number zeroed varies from call to call, as a binomial count does, not always half
    dropout = nn.Dropout(p=0.5)
    torch.manual_seed(1)
    counts = {int((dropout(torch.ones(8)) == 0).sum()) for _ in range(200)}
    assert len(counts) >= 5


def test_dropout_in_training(run, ns):
    plain, dropped = ns["plain_runs"], ns["dropout_runs"]
    model = dropped[0]["model"]
    assert [type(m) for m in model] == [nn.Linear, nn.ReLU, nn.Dropout, nn.Linear]
    assert model[2].p == ns["DROPOUT"] == 0.5
    # the losses are measured in evaluation mode: dropout off
    with torch.no_grad():
        model.eval()
        loss = nn.functional.cross_entropy(model(ns["fit_images"]), ns["fit_labels"]).item()
        model.train()
    assert loss == pytest.approx(dropped[0]["history"]["fit"][-1], rel=1e-5)
    fit_diff = [d - p for p, d in zip(final(plain, "fit"), final(dropped, "fit"), strict=True)]
    val_diff = [d - p for p, d in zip(final(plain, "validation"), final(dropped, "validation"), strict=True)]
    assert all(diff > 0 for diff in fit_diff)  # "the fit loss ends higher ... for every seed"
    assert all(diff < 0 for diff in val_diff)  # "and the validation loss lower"
    # summary: "on average by less than its standard deviation between seeds"
    assert -mean(val_diff) < statistics.stdev(final(plain, "validation"))
    # "the means differ by less than one image, and the ranges of the seeds overlap"
    with_dropout = [validation_accuracy_by_hand(r["model"], ns) for r in dropped]
    without = ns["full_accuracies"]
    assert abs(images(mean(with_dropout) - mean(without), ns)) < 1
    assert min(with_dropout) <= max(without)
    assert min(without) <= max(with_dropout)
    text = run.printed("dropout_training.py")
    assert f"  dropout - no {spread_text(val_diff, '+.4f')}" in text
    assert f"  dropout 0.5  {spread_text(with_dropout, '.2%')}" in text


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
