NUM_SAMPLES = 50

torch.manual_seed(0)
x_train = (
    torch.rand(NUM_SAMPLES, dtype=torch.float64) * 2 - 1
)  # inputs spread over [-1, 1]
y_train = (
    2 * x_train + 1
)  # the true function, no noise: the best line is m = 2, b = 1


def mse_loss(m, b):
    """Mean squared error of the line y_hat = m x + b on the training data."""
    return ((m * x_train + b - y_train) ** 2).mean()


for m, b in [(0.0, 0.0), (1.0, 1.0), (3.0, 2.0), (2.0, 1.0)]:
    print(f"m = {m:.1f}, b = {b:.1f}:  loss {mse_loss(m, b).item():.4f}")
