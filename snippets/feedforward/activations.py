activations = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "ReLU": torch.relu,
}
derivative_formulas = {
    "sigmoid": lambda z: torch.sigmoid(z) * (1 - torch.sigmoid(z)),
    "tanh": lambda z: 1 - torch.tanh(z) ** 2,
    # 1 for z > 0, else 0 (PyTorch's choice at z = 0)
    "ReLU": lambda z: (z > 0).float(),
}

z = torch.linspace(-5, 5, 201, requires_grad=True)
values, derivatives = {}, {}
for name, activation in activations.items():
    values[name] = activation(z)
    # each output depends only on its own input, so the gradient of
    # the sum is the elementwise derivative
    (derivatives[name],) = torch.autograd.grad(values[name].sum(), z)
    # autograd must agree with the formula
    formula = derivative_formulas[name](z.detach())
    torch.testing.assert_close(derivatives[name], formula)

# the grid has no point at exactly 0: its middle point is rounded
print(f"grid point nearest 0: z = {z[len(z) // 2].item():.3g}")

# so autograd gets its own points, 0.0 exactly among them
probe = torch.tensor([-10.0, 0.0, 10.0], requires_grad=True)
slope_title = "autograd f'(0)"
print(f"{'':9}{'f(-10)':>9}{'f(0)':>9}{'f(10)':>9}{slope_title:>16}")
for name, activation in activations.items():
    probe_values = activation(probe)
    (probe_slopes,) = torch.autograd.grad(probe_values.sum(), probe)
    low, middle, high = probe_values.tolist()
    slope_at_0 = probe_slopes[1].item()
    print(f"{name:9}{low:9.4f}{middle:9.4f}{high:9.4f}{slope_at_0:16.4f}")
