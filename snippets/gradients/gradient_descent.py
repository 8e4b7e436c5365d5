NUM_STEPS = 30
LEARNING_RATES = {"too small": 0.02, "good": 0.5, "too large": 1.05}


def gradient_descent(learning_rate, num_steps=NUM_STEPS):
    """Gradient descent on the MSE from (START_M, START_B).

    Returns the (m, b) it visits and the loss at each of them.
    """
    m = torch.tensor(START_M, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(START_B, dtype=torch.float64, requires_grad=True)
    path, losses = [], []
    for step in range(num_steps):
        loss = mse_loss(m, b)
        path.append((m.item(), b.item()))
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():  # (1)!
            m -= learning_rate * m.grad
            b -= learning_rate * b.grad
        m.grad.zero_()  # (2)!
        b.grad.zero_()
    path.append((m.item(), b.item()))
    losses.append(mse_loss(m, b).item())
    return path, losses


runs = {name: gradient_descent(rate) for name, rate in LEARNING_RATES.items()}

print(f"loss at the start: {runs['good'][1][0]:.4f}")
for name, rate in LEARNING_RATES.items():
    path, losses = runs[name]
    final_m, final_b = path[-1]
    print(
        f"learning rate {rate:<4} ({name:>9}): after {NUM_STEPS} steps "
        f"m = {final_m:9.4f}, b = {final_b:9.4f}, loss {losses[-1]:.3g}"
    )
