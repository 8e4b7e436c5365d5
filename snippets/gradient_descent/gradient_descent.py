NUM_STEPS = 30
LEARNING_RATES = {"too small": 0.02, "good": 0.5, "too large": 1.05}


def gradient_descent(learning_rate, num_steps=NUM_STEPS):
    """Gradient descent on the MSE from (START_W, START_B).

    Returns the (w, b) it visits and the loss at each of them.
    """
    w = torch.tensor(START_W, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(START_B, dtype=torch.float64, requires_grad=True)
    path, losses = [], []
    for step in range(num_steps):
        loss = mse_loss(w, b)
        path.append((w.item(), b.item()))
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():  # (1)!
            w -= learning_rate * w.grad
            b -= learning_rate * b.grad
        w.grad.zero_()  # (2)!
        b.grad.zero_()
    path.append((w.item(), b.item()))
    losses.append(mse_loss(w, b).item())
    return path, losses


runs = {name: gradient_descent(rate) for name, rate in LEARNING_RATES.items()}

print(f"loss at the start: {runs['good'][1][0]:.4f}")
print(f"after {NUM_STEPS} steps:")
for name, rate in LEARNING_RATES.items():
    path, losses = runs[name]
    final_w, final_b = path[-1]
    rate_text = f"η = {rate}:"
    print(
        f"{name:>9}, {rate_text:10} w = {final_w:8.4f}, "
        f"b = {final_b:8.4f}, loss {losses[-1]:.3g}"
    )
