def central_difference(function, x, h=1e-5):
    """Estimate the derivative of `function` at `x` from both sides of it.

    The derivative of sin at 0 is cos(0) = 1:

    >>> zero = torch.tensor(0.0, dtype=torch.float64)
    >>> round(central_difference(torch.sin, zero).item(), 8)
    1.0
    """
    return (function(x + h) - function(x - h)) / (2 * h)


# requires_grad=True asks autograd to track x
x = torch.tensor(X0, dtype=torch.float64, requires_grad=True)
f(x).backward()  # fills x.grad with df/dx at x = X0
numeric_slope = central_difference(f, x.detach())

print(f"formula 2x:          {2 * X0:.6f}")
print(f"autograd:            {x.grad.item():.6f}")
print(f"central difference:  {numeric_slope.item():.6f}")
