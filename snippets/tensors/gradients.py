x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # track what x does

y = (x**2).sum()  # y = x1^2 + x2^2 + x3^2
# grad_fn records the last operation, so autograd can walk back from y to x
print(y)
y.backward()  # y's rate of change per element of x, into x.grad

print("x.grad:", x.grad)
# The derivative by hand; detach() gives x without the tracking
print("2 * x: ", 2 * x.detach())
