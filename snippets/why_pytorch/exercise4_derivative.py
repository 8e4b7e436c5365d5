point = torch.tensor(2.0, requires_grad=True)
cubic = point**3 - 4 * point
cubic.backward()
print("autograd:", point.grad.item())
print("by hand: ", 3 * point.item() ** 2 - 4)
