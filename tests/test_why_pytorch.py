"""The why-PyTorch lesson: its image, sound and text tensors hold what the page says they hold."""

import math
import platform
import re

import matplotlib
import numpy as np
import pytest
import sklearn
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.testing import assert_close

from conftest import DOCS

PAGE = "why-pytorch.md"


def test_the_image_is_the_first_digit_of_scikit_learn(ns):
    digits = load_digits()
    image = ns["image"]
    assert image.shape == (8, 8)
    assert image.dtype == torch.float32
    assert_close(image, torch.from_numpy(digits.images[0]).float())
    assert ns["label"] == digits.target[0]
    assert image.min() >= 0
    assert image.max() <= 16


def test_all_images_are_batched_as_n_c_h_w(ns):
    images = ns["images"]
    assert images.shape == (1797, 1, 8, 8)
    assert_close(images[:, 0], torch.from_numpy(load_digits().images).float())


def test_the_image_and_the_waveform_are_drawn(run):
    names = [path.name for path in run.snippets]
    assert run.figures[names.index("image_plot.py")] == 1
    assert run.figures[names.index("audio_plot.py")] == 1
    assert sum(run.figures) == 2


def test_waveform_samples_the_stated_formula(ns):
    sample_rate, fundamental, amplitude = ns["SAMPLE_RATE"], ns["FUNDAMENTAL"], ns["HARMONIC_AMPLITUDE"]
    waveform = ns["waveform"]
    assert waveform.shape == (1, int(sample_rate * ns["DURATION"]))
    t = np.arange(waveform.shape[1]) / sample_rate
    expected = np.sin(2 * np.pi * fundamental * t) + amplitude * np.sin(2 * np.pi * 2 * fundamental * t)
    # float32 phases of up to 2*pi*880*1 s carry errors of a few 1e-4
    assert_close(waveform[0].double(), torch.from_numpy(expected), atol=1e-3, rtol=0)


def test_sampling_rate_is_above_the_nyquist_rate(ns):
    assert ns["SAMPLE_RATE"] / 2 > 2 * ns["FUNDAMENTAL"]


def test_fourier_transform_finds_the_two_tones(run, ns):
    fundamental = ns["FUNDAMENTAL"]
    assert sorted(ns["strongest"].tolist()) == pytest.approx([fundamental, 2 * fundamental])
    assert f"[{fundamental}, {2 * fundamental}]" in run.printed("audio_waveform.py")


def test_plot_shows_the_first_milliseconds(ns):
    assert ns["num_shown"] == ns["SAMPLE_RATE"] * ns["PLOT_MILLISECONDS"] / 1000


def test_ids_map_back_to_the_tokens(ns):
    vocabulary, tokens, ids = ns["vocabulary"], ns["tokens"], ns["token_ids"]
    assert tokens == ns["SENTENCE"].split()
    assert vocabulary == sorted(set(tokens))
    assert [vocabulary[i] for i in ids.tolist()] == tokens
    assert ids.dtype == torch.int64


def test_embedding_looks_up_rows_of_its_table(ns):
    embedding, ids, vectors = ns["embedding"], ns["token_ids"], ns["word_vectors"]
    assert embedding.weight.shape == (len(ns["vocabulary"]), ns["EMBEDDING_DIM"])
    assert vectors.shape == (len(ns["tokens"]), ns["EMBEDDING_DIM"])
    assert_close(vectors, embedding.weight[ids])
    # the same as multiplying one-hot rows with the table
    one_hot = nn.functional.one_hot(ids, len(ns["vocabulary"])).float()
    assert_close(vectors, one_hot @ embedding.weight)
    # "the" appears twice and gets the same vector
    first, second = [i for i, token in enumerate(ns["tokens"]) if token == "the"]
    assert torch.equal(vectors[first], vectors[second])


def test_embedding_is_reproducible_from_its_seed(ns):
    torch.manual_seed(0)
    again = nn.Embedding(len(ns["vocabulary"]), ns["EMBEDDING_DIM"])
    assert torch.equal(again.weight, ns["embedding"].weight)


def test_thermometer_converts_celsius(ns):
    celsius = torch.tensor([-40.0, 0.0, 100.0])
    assert_close(ns["Thermometer"]()(celsius), torch.tensor([-40.0, 32.0, 212.0]))


def test_newton_iteration_reaches_the_square_root_of_two(run, ns):
    assert ns["estimate"].item() == pytest.approx(math.sqrt(2), abs=1e-12)
    assert abs(ns["estimate"] ** 2 - 2).item() <= ns["TOLERANCE"]
    lines = run.printed("eager.py").splitlines()
    assert len(lines) == ns["step"] + 1
    assert lines[-2].endswith(f"{math.sqrt(2):.12f}")


def test_autograd_gives_the_derivative_by_hand(ns):
    x = ns["x"].detach()
    assert ns["y"].item() == pytest.approx(x.item() ** 2 + 2 * x.item())
    assert ns["x"].grad.item() == pytest.approx(2 * x.item() + 2)  # d/dx (x^2 + 2x)
    # and by central finite differences, in float64
    h = 1e-5
    f = lambda v: v**2 + 2 * v  # noqa: E731
    assert (f(3.0 + h) - f(3.0 - h)) / (2 * h) == pytest.approx(ns["x"].grad.item(), rel=1e-8)


def test_device_code_runs_on_the_available_device(ns):
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert ns["device"].type == expected
    assert ns["product"].device.type == expected
    assert_close(ns["product"].cpu(), torch.full((3, 3), 3.0))


def test_the_gpu_claim_quotes_the_installed_packages_own_summary_and_claims_no_measurement():
    """The page quotes PyTorch's summary of itself (the installed package's metadata) and does not
    claim a speed-up it never measured."""
    from importlib.metadata import metadata

    summary = metadata("torch")["Summary"]
    assert summary == "Tensors and Dynamic neural networks in Python with strong GPU acceleration"
    page = " ".join((DOCS / "why-pytorch.md").read_text().split())
    assert f'"{summary}"' in page
    assert "no page measures how much faster" in page
    assert "can make training a large network much faster" not in page


def test_setup_block_prints_the_versions_and_threads_that_ran_it(run):
    printed = dict(line.split(":", 1) for line in run.printed("versions.py").splitlines())
    printed = {name: value.strip() for name, value in printed.items()}
    assert printed == {
        "Python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
        "scikit-learn": sklearn.__version__,
        "threads": "1",  # as in the build (conftest sets one thread)
    }


# Exercises


def test_exercise1_chord_spectrum_finds_its_three_notes(run, ns):
    chord, notes = ns["chord"], ns["CHORD"]
    assert notes == [440.0, 550.0, 660.0]
    assert [note / notes[0] for note in notes] == [1, 5 / 4, 6 / 4]  # the ratio 4 : 5 : 6
    assert chord.shape == (ns["SAMPLE_RATE"] * ns["DURATION"],)
    t = np.arange(len(chord)) / ns["SAMPLE_RATE"]
    expected = sum(np.sin(2 * np.pi * note * t) for note in notes)
    assert_close(chord.double(), torch.from_numpy(expected), atol=2e-3, rtol=0)
    assert sorted(ns["chord_peaks"].tolist()) == notes
    assert run.printed("exercise1_chord.py").splitlines()[-1].endswith(str(notes))


def test_exercise2_a_tone_above_nyquist_aliases_to_fs_minus_f(run, ns):
    sample_rate, tone = ns["SAMPLE_RATE"], ns["HIGH_TONE"]
    assert tone > sample_rate / 2
    assert ns["alias"] == sample_rate - tone
    assert ns["alias"] < sample_rate / 2
    # in exact arithmetic, the samples are those of the alias with the sign flipped
    n = np.arange(ns["high_samples"].shape[0])
    high = np.sin(2 * np.pi * tone * n / sample_rate)
    mirrored = -np.sin(2 * np.pi * (sample_rate - tone) * n / sample_rate)
    np.testing.assert_allclose(high, mirrored, atol=1e-9)
    # float32 phases of up to 2*pi*5000*1 s carry errors of a few 1e-3
    assert_close(ns["high_samples"].double(), torch.from_numpy(high), atol=5e-3, rtol=0)
    assert run.printed("exercise2_aliasing.py").splitlines()[-1].endswith(str(sample_rate - tone))


def test_exercise3_embedding_lookup_is_a_one_hot_product(ns):
    one_hot, ids = ns["one_hot"], ns["token_ids"]
    assert one_hot.shape == (len(ids), len(ns["vocabulary"]))
    assert torch.equal(one_hot.sum(dim=1), torch.ones(len(ids)))
    assert torch.equal(one_hot.argmax(dim=1), ids)
    assert torch.equal(one_hot, nn.functional.one_hot(ids, len(ns["vocabulary"])).float())
    assert torch.equal(ns["looked_up_by_product"], ns["word_vectors"])


def test_exercise4_derivative_of_the_cubic(ns):
    point = ns["point"].detach().item()
    assert ns["cubic"].item() == pytest.approx(point**3 - 4 * point)
    assert ns["point"].grad.item() == pytest.approx(3 * point**2 - 4)
    h = 1e-5
    f = lambda v: v**3 - 4 * v  # noqa: E731
    assert (f(point + h) - f(point - h)) / (2 * h) == pytest.approx(ns["point"].grad.item(), rel=1e-8)


# Dated facts: each is stated as its source says, and the page links that source.


def test_release_dates_and_keras_facts_cite_their_sources():
    page = " ".join((DOCS / PAGE).read_text().split())  # one line, single spaces
    # PyTorch: public release January 2017 (the team's post of 19 January 2018, "1 year since ... released publicly")
    assert "released publicly in January 2017" in page
    assert "(https://pytorch.org/blog/a-year-in/)" in page
    assert "| First public release | January 2017, by Facebook AI Research |" in page
    assert "first released in 2016" not in page
    # Keras: TensorFlow 2.16's release notes make Keras 3 the default; Keras 2 is tf_keras behind TF_USE_LEGACY_KERAS=1
    assert "(https://github.com/tensorflow/tensorflow/releases/tag/v2.16.1)" in page
    assert "`tf.keras` *is* Keras 3" in page
    assert "`TF_USE_LEGACY_KERAS=1`" in page
    assert "Keras 2 ships inside TensorFlow" not in page


def test_the_page_follows_the_course_notation():
    """n samples (never N), indexed by i; matrices bold."""
    page = (DOCS / PAGE).read_text()
    assert "$N$" not in page
    assert "(N, 3, H, W)" not in page
    assert not re.search(r"\bt_n\b", page)  # the sampling times are t_i = i / f_s
    assert "$E" not in page  # the embedding matrix is bold, \mathbf E
