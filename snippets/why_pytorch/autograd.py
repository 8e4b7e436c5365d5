x = torch.tensor(
    3.0, requires_grad=True
)  # ask PyTorch to track what is computed from x
y = x**2 + 2 * x
y.backward()  # autograd works out dy/dx at x = 3
print("y     =", y.item())
print("dy/dx =", x.grad.item())
