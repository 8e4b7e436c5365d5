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
    return (
        s * (1 - s) * WEIGHT * (1 - torch.tanh(x) ** 2)
    )  # three links of the chain


points = torch.linspace(-2, 2, 5, dtype=torch.float64)
for name, function, derivative in [
    ("sin(x²)", sin_of_square, sin_of_square_derivative),
    (
        f"sigmoid({WEIGHT:g} tanh(x))",
        sigmoid_of_tanh,
        sigmoid_of_tanh_derivative,
    ),
]:
    x = points.clone().requires_grad_(True)
    # Each output depends on its own x only: the gradient of the sum holds every derivative.
    function(x).sum().backward()
    numeric = central_difference(function, points)
    print(f"derivative of {name}")
    print("     x     formula   autograd   central difference")
    for x_i, exact, auto, approx in zip(
        points, derivative(points), x.grad, numeric
    ):
        print(f"{x_i:6.1f}  {exact:9.6f}  {auto:9.6f}  {approx:19.6f}")
