WEIGHT = 2.0  # the w in sigmoid(w tanh(x))


def sin_of_square(x):
    return torch.sin(x**2)


def sin_of_square_derivative(x):
    # the outer derivative at the inner value, times the inner derivative
    return torch.cos(x**2) * 2 * x


def sigmoid_of_tanh(x):
    return torch.sigmoid(WEIGHT * torch.tanh(x))


def sigmoid_of_tanh_derivative(x):
    s = torch.sigmoid(WEIGHT * torch.tanh(x))
    # three links of the chain: the sigmoid, the factor WEIGHT, the tanh
    return s * (1 - s) * WEIGHT * (1 - torch.tanh(x) ** 2)


EXAMPLES = [
    ("sin(x²)", sin_of_square, sin_of_square_derivative),
    ("sigmoid(2 tanh(x))", sigmoid_of_tanh, sigmoid_of_tanh_derivative),
]
points = torch.linspace(-2, 2, 5, dtype=torch.float64)
for name, function, derivative in EXAMPLES:
    x = points.clone().requires_grad_(True)
    # Each output depends on its own x only, so the gradient of
    # their sum holds every point's derivative.
    (by_autograd,) = torch.autograd.grad(function(x).sum(), x)
    numeric = central_difference(function, points)
    print(f"derivative of {name}")
    print("     x     formula   autograd   central difference")
    rows = zip(points, derivative(points), by_autograd, numeric)
    for x_i, exact, auto, approx in rows:
        print(f"{x_i:6.1f}  {exact:9.6f}  {auto:9.6f}  {approx:19.6f}")
