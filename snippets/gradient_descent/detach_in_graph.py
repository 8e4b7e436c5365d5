x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
squares = x**2
frozen = squares.detach()  # the same numbers, but a constant to autograd

# frozen * x is x³ in value, but the gradient flows only through the x
(frozen * x).sum().backward()
print("gradient of x² x, x² detached:", x.grad.tolist())
print("x², the frozen factor:        ", frozen.tolist())

x.grad = None  # start the next gradient from nothing
# the same numbers with nothing detached: x³, whose derivative is 3x²
(squares * x).sum().backward()
print("gradient of x² x, nothing detached:", x.grad.tolist())
print("3x²:                               ", (3 * frozen).tolist())
print(
    "requires_grad of squares and frozen:",
    squares.requires_grad,
    frozen.requires_grad,
)
