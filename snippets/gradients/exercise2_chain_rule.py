def exp_sin_2x(x):
    return torch.exp(torch.sin(2 * x))


CHAIN_AT = 1.0
chain_point = torch.tensor(CHAIN_AT, dtype=torch.float64, requires_grad=True)
(chain_autograd,) = torch.autograd.grad(exp_sin_2x(chain_point), chain_point)
chain_x = chain_point.detach()
# Three links, each taken at the value it receives: exp (its own
# derivative, so the function's value), then sin (cos), then 2x (2).
chain_formula = exp_sin_2x(chain_x) * torch.cos(2 * chain_x) * 2
chain_numeric = central_difference(exp_sin_2x, chain_x)

print(f"formula, chain rule: {chain_formula.item():.6f}")
print(f"autograd:            {chain_autograd.item():.6f}")
print(f"central difference:  {chain_numeric.item():.6f}")
