"""The tensors lesson: every claim the page makes about tensors is checked as a value."""

import math

import numpy as np
import pytest
import torch
from torch.testing import assert_close

PAGE = "tensors.md"


# Creating tensors


def test_lists_become_matrices_with_the_default_dtypes(ns):
    assert ns["int_matrix"].dtype == torch.int64
    assert ns["float_matrix"].dtype == torch.float32 == torch.get_default_dtype()
    assert ns["int_matrix"].tolist() == [[1, 2, 3], [4, 5, 6]]
    assert ns["float_matrix"].shape == (2, 3)
    assert ns["float_matrix"][1, 2].item() == 6.0


def test_torch_tensor_copies_numpy_and_keeps_its_dtype(ns):
    array, copy = ns["numpy_matrix"], ns["from_numpy_copy"]
    assert array.dtype == np.float64
    assert copy.dtype == torch.float64
    assert ns["float32_matrix"].dtype == torch.float32
    assert_close(copy, torch.from_numpy(array))
    assert not np.shares_memory(array, copy.numpy())


def test_default_value_factories_print_what_numpy_builds(run, ns):
    expected = [
        np.zeros((2, 3)),
        np.ones((2, 3)),
        np.full((2, 3), 7.0),
        np.eye(3),
        np.zeros_like(ns["float_matrix"].numpy()),
    ]
    shown = "\n".join(str(torch.from_numpy(array.astype(np.float32))) for array in expected)
    assert run.printed("default_values.py").strip() == shown


def test_random_tensors_come_from_their_seed(ns):
    torch.manual_seed(0)
    assert torch.equal(ns["uniform"], torch.rand(2, 3))
    assert torch.equal(ns["normal"], torch.randn(2, 3))


def test_histogrammed_draws_have_the_stated_distributions(run, ns):
    uniform, normal = ns["many_uniform"], ns["many_normal"]
    assert len(uniform) == len(normal) == ns["NUM_DRAWS"]
    assert uniform.min() >= 0
    assert uniform.max() < 1
    assert uniform.mean().item() == pytest.approx(0.5, abs=0.02)
    assert uniform.var().item() == pytest.approx(1 / 12, abs=0.005)
    assert normal.mean().item() == pytest.approx(0.0, abs=0.05)
    assert normal.std().item() == pytest.approx(1.0, abs=0.05)
    assert sum(run.figures) == 1


# Seeds


def test_the_same_seed_gives_the_same_numbers(ns):
    assert torch.equal(ns["first"], ns["second"])
    assert not torch.equal(ns["second"], ns["third"])
    torch.manual_seed(ns["SEED"])
    assert torch.equal(torch.rand(2, 3), ns["first"])


# The NumPy bridge


def test_from_numpy_shares_memory(ns):
    array, tensor = ns["numpy_array"], ns["shared_tensor"]
    assert np.shares_memory(array, tensor.numpy())
    assert tensor.data_ptr() == array.ctypes.data
    assert tensor[0].item() == 100.0  # the page's change to the array
    array[1] = -5.0  # and a change made here shows through as well
    assert tensor[1].item() == -5.0
    tensor[1] = 1.0  # both ways
    assert array[1] == 1.0


def test_numpy_method_shares_memory_and_torch_tensor_copies(ns):
    tensor, array, copy = ns["ones_tensor"], ns["its_array"], ns["copied_tensor"]
    assert np.shares_memory(array, tensor.numpy())
    assert tensor.data_ptr() == array.ctypes.data
    assert_close(tensor, torch.tensor([-1.0, 2.0, 2.0]))  # the page set its_array[0] = -1
    assert_close(copy, torch.tensor([2.0, 2.0, 2.0]))  # the copy kept the old values
    assert not np.shares_memory(array, copy.numpy())
    assert copy.data_ptr() != tensor.data_ptr()


def test_converting_the_dtype_copies():
    array = np.zeros(3)
    assert not np.shares_memory(array, torch.from_numpy(array).float().numpy())
    assert np.shares_memory(array, torch.from_numpy(array).double().numpy())  # no conversion, no copy


SUPPORTED = ["float64", "float32", "float16", "complex64", "complex128", "int64", "int32", "int16", "int8"]
SUPPORTED += ["uint8", "uint16", "uint32", "uint64", "bool"]


@pytest.mark.parametrize("name", SUPPORTED)
def test_supported_dtypes_round_trip_and_share_memory(name):
    array = np.arange(3).astype(name)
    tensor = torch.from_numpy(array)
    assert tensor.dtype == getattr(torch, name)
    back = tensor.numpy()
    assert back.dtype == array.dtype
    assert np.shares_memory(array, back)
    np.testing.assert_array_equal(back, array)


@pytest.mark.parametrize("name", ["object", "str"])
def test_unsupported_numpy_dtypes_raise_type_error(name):
    with pytest.raises(TypeError):
        torch.from_numpy(np.zeros(3, dtype=name))


def test_bfloat16_does_not_go_to_numpy():
    with pytest.raises(TypeError):
        torch.zeros(3, dtype=torch.bfloat16).numpy()
    assert torch.zeros(3, dtype=torch.bfloat16).float().numpy().dtype == np.float32


def test_dtype_table_printed_on_the_page_matches_torch(run, ns):
    lines = run.printed("numpy_dtypes.py").splitlines()
    for name, line in zip(ns["NUMPY_DTYPES"], lines[:-1], strict=True):
        try:
            expected = f"-> {torch.from_numpy(np.zeros(1, dtype=name)).dtype}, and back: {np.dtype(name)}"
        except TypeError:
            expected = "-> not supported (TypeError)"
        assert line.strip() == f"{name} {expected}"
    assert lines[-1] == "torch.bfloat16 -> NumPy: not supported (TypeError)"


def test_uint16_converted_to_int32_adds_without_overflow(ns):
    assert ns["pixels"].dtype == torch.uint16
    assert (ns["pixels"].to(torch.int32) + 1).tolist() == [1001, 2001, 65536]


# Resizing


def test_view_shares_memory_with_its_base(ns):
    numbers, grid = ns["numbers"], ns["grid"]
    assert grid.shape == (3, 4)
    assert grid.data_ptr() == numbers.data_ptr()
    assert grid.untyped_storage().data_ptr() == numbers.untyped_storage().data_ptr()
    assert torch.equal(numbers, torch.arange(12))  # the page restored the element it changed
    assert torch.equal(grid, torch.arange(12).view(3, 4))
    assert numbers.view(2, -1).shape == (2, 6)


def test_reshape_of_a_contiguous_tensor_is_a_view(ns):
    assert ns["reshaped"].data_ptr() == ns["numbers"].data_ptr()
    assert ns["reshaped"]._base is ns["numbers"]


def test_transpose_is_not_contiguous_and_view_fails(run, ns):
    matrix, transposed = ns["matrix"], ns["transposed"]
    assert matrix.stride() == (3, 1)
    assert transposed.stride() == (1, 3)
    assert matrix.is_contiguous()
    assert not transposed.is_contiguous()
    assert transposed.data_ptr() == matrix.data_ptr()  # no number moved
    with pytest.raises(RuntimeError):
        transposed.view(6)
    assert "raised RuntimeError" in run.printed("contiguity.py")


def test_reshape_copies_when_it_must(ns):
    flat, matrix, transposed = ns["flat"], ns["matrix"], ns["transposed"]
    assert torch.equal(flat, torch.from_numpy(matrix.numpy().T.reshape(6)))
    assert not np.shares_memory(flat.numpy(), matrix.numpy())
    assert torch.equal(transposed.contiguous().view(6), flat)


def test_contiguous_returns_the_tensor_itself_when_already_contiguous(ns):
    assert ns["matrix"].contiguous() is ns["matrix"]
    assert ns["transposed"].contiguous() is not ns["transposed"]


def test_offset_formula_for_strides(ns):
    """Element (i, j) sits at i * s0 + j * s1 in the shared memory."""
    matrix, transposed = ns["matrix"], ns["transposed"]
    memory = matrix.flatten()
    for tensor in (matrix, transposed):
        s0, s1 = tensor.stride()
        for i in range(tensor.shape[0]):
            for j in range(tensor.shape[1]):
                assert tensor[i, j] == memory[i * s0 + j * s1]


# Element-wise and in-place operations


def test_elementwise_operations_against_numpy(ns):
    a, b = ns["a"], ns["b"]
    a_np, b_np = a.numpy(), b.numpy()
    assert_close(a + b, torch.from_numpy(a_np + b_np))
    assert_close(torch.add(a, b), a + b)
    assert_close(a * b, torch.from_numpy(a_np * b_np))
    assert_close(a @ b, torch.from_numpy(a_np @ b_np))
    assert not torch.equal(a * b, a @ b)
    assert_close(a * 10 + 1, torch.from_numpy(a_np * 10 + 1))


def test_inplace_operations_write_into_the_same_memory(ns):
    c = ns["c"]
    assert c.data_ptr() == ns["address"]
    assert_close(c, (torch.ones(2, 2) + ns["a"]) * 2)
    other = torch.ones(2)
    assert other.add_(1) is other  # an in-place method returns the tensor itself


def test_inplace_on_a_leaf_that_requires_grad_raises():
    leaf = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError):
        leaf.add_(1)


# Reductions


def test_reductions_against_numpy(ns):
    readings = ns["readings"]
    array = readings.numpy()
    assert readings.mean().item() == pytest.approx(array.mean())
    assert_close(readings.mean(dim=0), torch.from_numpy(array.mean(axis=0)))
    assert_close(readings.mean(dim=1), torch.from_numpy(array.mean(axis=1)))
    assert readings.mean(dim=0).shape == (readings.shape[1],)  # one mean per column
    assert readings.mean(dim=1).shape == (readings.shape[0],)  # one mean per row
    assert_close(readings.sum(dim=0), torch.from_numpy(array.sum(axis=0)))
    assert_close(ns["largest"], torch.from_numpy(array.max(axis=1)))
    assert torch.equal(ns["where"], torch.from_numpy(array.argmax(axis=1)))
    assert ns["where"].tolist() != [ns["where"][0].item()] * len(ns["where"])  # rows peak in different columns
    assert_close(readings.std(dim=1), torch.from_numpy(array.std(axis=1, ddof=1)))
    assert_close(readings.std(dim=1, correction=0), torch.from_numpy(array.std(axis=1)))


def test_mean_of_an_integer_tensor_raises():
    with pytest.raises(RuntimeError):
        torch.tensor([1, 2, 3]).mean()


def test_keepdim_keeps_an_axis_of_length_one_and_centres_rows(ns):
    readings, row_means, centred = ns["readings"], ns["row_means"], ns["centred"]
    assert row_means.shape == (2, 1)
    assert_close(centred, torch.from_numpy(readings.numpy() - readings.numpy().mean(axis=1, keepdims=True)))
    assert_close(centred.mean(dim=1), torch.zeros(2))


# Gradients


def test_gradient_of_sum_of_squares_is_two_x(ns):
    x = ns["x"]
    # x.grad was zeroed and recomputed once on the page
    assert_close(x.grad, 2 * x.detach())


def test_gradient_three_ways_in_float64(ns):
    """Analytic 2x, autograd and central finite differences agree."""
    x = ns["x"].detach().double().requires_grad_()
    (x**2).sum().backward()
    h = 1e-5
    numeric = torch.stack(
        [((x.detach() + h * e) ** 2).sum() - ((x.detach() - h * e) ** 2).sum() for e in torch.eye(3).double()]
    ) / (2 * h)
    assert_close(x.grad, 2 * x.detach())
    assert_close(numeric, 2 * x.detach(), rtol=1e-8, atol=1e-10)
    assert torch.autograd.gradcheck(lambda v: (v**2).sum(), (x,))


def test_backward_accumulates_gradients(run, ns):
    lines = run.printed("grad_accumulate.py").splitlines()
    assert lines[0].endswith(str(4 * ns["x"].detach()))
    assert lines[1].endswith(str(2 * ns["x"].detach()))


def test_numpy_needs_detach_when_grad_is_required(ns):
    with pytest.raises(RuntimeError):
        ns["x"].numpy()
    assert np.shares_memory(ns["x"].detach().numpy(), ns["x"].detach().numpy())
    assert ns["x"].detach().data_ptr() == ns["x"].data_ptr()


def test_variable_is_obsolete_and_returns_a_plain_tensor():
    data = torch.ones(2)
    wrapped = torch.autograd.Variable(data, requires_grad=True)
    assert type(wrapped) is torch.Tensor
    assert wrapped.requires_grad


# Devices


def test_device_code_runs_on_the_available_device(ns):
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert ns["device"].type == expected
    assert ns["outputs"].device.type == expected
    assert_close(ns["outputs"].cpu(), ns["weights"].cpu() @ torch.ones(2, 1))


def test_to_returns_the_tensor_itself_when_already_there(ns):
    assert ns["weights"].to(ns["device"]) is ns["weights"]
    cpu_result = ns["outputs"].cpu()
    assert cpu_result.device.type == "cpu"
    assert_close(torch.from_numpy(cpu_result.numpy()), cpu_result)


def test_cpu_and_gpu_tabs_print_the_same_numbers(run):
    cpu, gpu = run.printed("device_cpu.py"), run.printed("device_gpu.py")
    assert cpu.splitlines()[1] == gpu.splitlines()[1]


def test_correction_one_makes_the_variance_unbiased_but_not_the_std(run, ns):
    """Over many samples of n numbers from N(0, 1), Bessel's correction centres the variance
    on 1, while the standard deviation stays below 1, at c4(n) = sqrt(2/(n-1)) G(n/2) / G((n-1)/2)."""
    n, variances, stds = ns["SAMPLE_SIZE"], ns["variances"], ns["stds"]
    assert variances.shape == stds.shape == (ns["NUM_SAMPLES"],)
    assert_close(stds, variances.sqrt())
    assert_close(ns["variances_c0"], variances * (n - 1) / n)
    # standard error of the mean variance: sqrt(2 / (n - 1) / NUM_SAMPLES), about 0.002
    assert variances.mean().item() == pytest.approx(1.0, abs=0.01)
    assert ns["variances_c0"].mean().item() == pytest.approx((n - 1) / n, abs=0.01)
    c4 = math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))
    assert c4 < 0.95
    assert stds.mean().item() == pytest.approx(c4, abs=0.005)  # standard error about 0.001
    assert stds.mean().item() < 1 - 0.04
    lines = run.printed("std_bias.py").splitlines()
    assert lines[1].endswith(f"{variances.mean():.4f}")
    assert lines[2].endswith(f"{stds.mean():.4f}")


def test_only_a_zero_dimensional_cpu_tensor_mixes_with_another_device(run):
    """The meta device (and a GPU, where there is one) accepts a CPU tensor of shape () only."""
    devices = ["meta"] + (["cuda"] if torch.cuda.is_available() else [])
    for device in devices:
        far = torch.ones(3, device=device)
        product = far * torch.tensor(2.0)
        assert product.device.type == device
        assert product.shape == (3,)
        for cpu_tensor in (torch.ones(1), torch.ones(3), torch.ones(1, 1)):
            with pytest.raises(RuntimeError):
                far * cpu_tensor
            with pytest.raises(RuntimeError):
                far + cpu_tensor
    far_type = "cuda" if torch.cuda.is_available() else "meta"
    assert run.printed("device_mixing.py").splitlines() == [
        f"with CPU shape (): works, on {far_type}",
        "with CPU shape (1,): raised RuntimeError",
    ]


# Broadcasting

BROADCAST_RULES = {
    ((2, 3), (3,)): (2, 3),  # a missing dimension counts as 1
    ((2, 3), (2, 1)): (2, 3),  # size 1 stretches
    ((3, 1), (1, 4)): (3, 4),  # both stretch
    ((2, 3), (2,)): None,  # 3 against 2: an error
}


def test_broadcast_shapes_follow_the_three_rules(run, ns):
    assert ns["SHAPE_PAIRS"] == list(BROADCAST_RULES)
    lines = run.printed("broadcast_shapes.py").splitlines()
    for ((shape_a, shape_b), expected), line in zip(BROADCAST_RULES.items(), lines, strict=True):
        a, b = torch.ones(shape_a), torch.ones(shape_b)
        if expected is None:
            with pytest.raises(RuntimeError):
                a + b
            with pytest.raises(ValueError, match="shape mismatch"):
                np.broadcast_shapes(shape_a, shape_b)
            assert line == f"{shape_a} with {shape_b} -> RuntimeError"
        else:
            assert (a + b).shape == expected == np.broadcast_shapes(shape_a, shape_b)
            assert line == f"{shape_a} with {shape_b} -> {expected}"


def test_broadcasting_adds_rows_and_columns_as_if_repeated(ns):
    prices, tax, fee = ns["prices"], ns["product_tax"], ns["shop_fee"]
    assert prices.shape == (2, 3)
    assert_close(prices + tax, prices + tax.repeat(2, 1))
    assert_close(prices + fee, prices + fee.repeat(1, 3))
    assert_close(prices + tax, torch.from_numpy(prices.numpy() + tax.numpy()))


def test_stretching_copies_nothing(ns):
    stretched = ns["stretched_tax"]
    assert stretched.shape == (2, 3)
    assert stretched.stride() == (0, 1)
    assert stretched.data_ptr() == ns["product_tax"].data_ptr()


def test_mismatched_shapes_raise_the_message_shown(run, ns):
    with pytest.raises(RuntimeError) as raised:
        ns["prices"] * ns["quantities"]
    shown = run.printed("broadcast_error.py")
    assert " ".join(shown.split()) == str(raised.value)
    assert "non-singleton dimension 1" in shown


def test_none_and_unsqueeze_add_a_trailing_axis(ns):
    quantities, per_shop = ns["quantities"], ns["per_shop"]
    assert per_shop.shape == (2, 1)
    assert torch.equal(per_shop, quantities.unsqueeze(-1))
    assert torch.equal(per_shop, quantities.view(2, 1))
    assert quantities[None].shape == quantities.unsqueeze(0).shape == (1, 2)
    assert_close(ns["costs"], torch.diag(quantities) @ ns["prices"])  # row i times quantity i
    grid = torch.rand(4, 5)  # and for any shape: one more axis at the end
    assert grid[..., None].shape == (4, 5, 1)
    assert (grid[..., None] * torch.ones(3)).shape == (4, 5, 3)


# Exercises


def test_exercise1_times_table(run, ns):
    factors, table = ns["factors"], ns["times_table"]
    assert torch.equal(factors, torch.arange(1, 11))
    assert table.shape == (10, 10)
    assert torch.equal(table, torch.outer(factors, factors))
    assert all(table[i, j] == (i + 1) * (j + 1) for i in range(10) for j in range(10))
    assert str(table) in run.printed("exercise1_times_table.py")


def test_exercise2_standardised_columns(run, ns):
    data, standardised = ns["measurements"], ns["standardised"]
    assert data.shape == standardised.shape == (100, 3)
    assert ns["column_means"].shape == ns["column_stds"].shape == (1, 3)
    stds_before = data.std(dim=0)
    assert stds_before.max() / stds_before.min() > 50  # very different scales
    assert_close(standardised.std(dim=0), torch.ones(3))
    means_after = standardised.mean(dim=0)
    assert means_after.abs().max() < 1e-5  # zero up to float32 rounding...
    assert means_after.abs().max() > 0  # ...but not printed as exact zeros, as the page says
    assert torch.finfo(torch.float32).eps == pytest.approx(1.19e-7, rel=0.01)  # about seven digits
    expected = (data.numpy() - data.numpy().mean(axis=0)) / data.numpy().std(axis=0, ddof=1)
    assert_close(standardised, torch.from_numpy(expected))
    assert run.printed("exercise2_standardise.py").splitlines()[2] == f"means after:  {means_after}"


def test_exercise3_variance_unbiased_std_biased_at_every_size(run, ns):
    sizes, num_samples = ns["SIZES"], ns["NUM_SAMPLES"]
    lines = run.printed("exercise3_std_bias_by_size.py").splitlines()
    assert len(lines) == len(sizes)
    torch.manual_seed(0)  # the solution's draws, again
    average_stds = []
    for size, line in zip(sizes, lines, strict=True):
        draws = torch.randn(num_samples, size)
        variance, std = draws.var(dim=1).mean().item(), draws.std(dim=1).mean().item()
        assert line == f"n = {size:2}: average variance {variance:.3f}, average std {std:.3f}"
        assert variance == pytest.approx(1.0, abs=0.02)  # unbiased at every size
        c4 = math.sqrt(2 / (size - 1)) * math.exp(math.lgamma(size / 2) - math.lgamma((size - 1) / 2))
        assert std == pytest.approx(c4, abs=0.005)
        assert std < 1
        average_stds.append(std)
    assert average_stds == sorted(average_stds)  # the bias shrinks as samples grow
    assert 1 - average_stds[0] > 5 * (1 - average_stds[-1])


def test_exercise4_gradient_of_the_mean_is_one_over_n(ns):
    scores = ns["scores"]
    assert_close(scores.grad, torch.full_like(scores, 1 / len(scores)))
    assert ns["average"].item() == pytest.approx(scores.detach().numpy().mean())
    # "the rate at which the mean changes when one element alone changes", by a central difference
    values = scores.detach().double()
    step = 1e-5
    for i in range(len(values)):
        moved = torch.zeros_like(values)
        moved[i] = step
        rate = ((values + moved).mean() - (values - moved).mean()) / (2 * step)
        assert rate.item() == pytest.approx(1 / len(values), rel=1e-9)


def test_the_gradient_section_needs_no_partial_derivative_notation():
    """Partial derivatives are defined two lessons later: this page says in words what .grad holds,
    and links to the gradients lesson's sections that define the derivative and the gradient."""
    from conftest import DOCS

    page = (DOCS / "tensors.md").read_text()
    assert "\\partial" not in page
    assert "gradients.md#the-slope-of-a-curve" in page
    assert "gradients.md#the-gradient" in page
    headings = (DOCS / "gradients.md").read_text().splitlines()
    assert "### The slope of a curve" in headings
    assert "### The gradient" in headings
