# requires_grad asks PyTorch to track what is computed from x
x = torch.tensor(3.0, requires_grad=True)
y = x**2 + 2 * x
y.backward()  # autograd works out dy/dx at x = 3
print("y     =", y.item())
print("dy/dx =", x.grad.item())
