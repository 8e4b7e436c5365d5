def cubic(x):
    return x**3 - 2 * x


CUBIC_AT = 1.5
cubic_formula = 3 * CUBIC_AT**2 - 2  # power rule, term by term: 3x² - 2

cubic_point = torch.tensor(CUBIC_AT, dtype=torch.float64, requires_grad=True)
(cubic_autograd,) = torch.autograd.grad(cubic(cubic_point), cubic_point)
cubic_numeric = central_difference(cubic, cubic_point.detach())

print(f"formula 3x² - 2:     {cubic_formula:.6f}")
print(f"autograd:            {cubic_autograd.item():.6f}")
print(f"central difference:  {cubic_numeric.item():.6f}")
