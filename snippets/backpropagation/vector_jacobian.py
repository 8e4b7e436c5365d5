def pair(x):
    """Two outputs from three inputs: (x1 x2, x2 + x3²)."""
    return torch.stack([x[0] * x[1], x[1] + x[2] ** 2])


x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
u = pair(x)
try:
    u.backward()  # two numbers: which gradient?
except RuntimeError as error:
    print("without gradient=:", error)

v = torch.tensor([1.0, -1.0], dtype=torch.float64)  # one weight per output
u.backward(gradient=v)  # v has u's shape
jacobian = torch.autograd.functional.jacobian(pair, x.detach())  # (2, 3)

print("Jacobian, one row per output:", jacobian.tolist())
print("v @ Jacobian:              ", (v @ jacobian).tolist())
print("x.grad after backward(v):  ", x.grad.tolist())

# the same as the gradient of the single number v · u
x_again = x.detach().clone().requires_grad_(True)
(v * pair(x_again)).sum().backward()
print("gradient of v · u:         ", x_again.grad.tolist())
