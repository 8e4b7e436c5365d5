A, B, C, D = 3.0, -1.0, 0.5, 4.0  # f(x) = A x + B and g(x) = C f(x) + D


def linear_f(x):
    return A * x + B


def linear_g(x):
    return C * linear_f(x) + D


x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
linear_g(x).backward()
numeric_slope = central_difference(linear_g, x.detach())
print(f"C * A:               {C * A:.6f}")
print(f"autograd:            {x.grad.item():.6f}")
print(f"central difference:  {numeric_slope.item():.6f}")
