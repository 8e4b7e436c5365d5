def mse_gradients(w, b, x, y):
    """dL/dw and dL/db of the mean squared error, by the formulas above.

    On noise-free data from y = 2x + 1, both gradients vanish at w = 2, b = 1:

    >>> x = torch.tensor([[-1.0], [0.0], [1.0]])
    >>> mse_gradients(2.0, 1.0, x, 2 * x + 1)
    (tensor(0.), tensor(0.))
    """
    error = w * x + b - y
    return 2 * (error * x).mean(), 2 * error.mean()


w = torch.tensor(0.5, requires_grad=True)
b = torch.tensor(-0.3, requires_grad=True)
loss = ((w * x + b - y) ** 2).mean()
loss.backward()  # autograd's answer lands in w.grad and b.grad

grad_w, grad_b = mse_gradients(w.detach(), b.detach(), x, y)
print(f"dL/dw  by hand {grad_w.item():.6f}   autograd {w.grad.item():.6f}")
print(f"dL/db  by hand {grad_b.item():.6f}   autograd {b.grad.item():.6f}")
