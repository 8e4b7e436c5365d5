import torch

NUM_SAMPLES = 50

torch.manual_seed(0)
# inputs spread over [-1, 1]
x_train = torch.rand(NUM_SAMPLES, dtype=torch.float64) * 2 - 1
# the true function, without noise: the best line is w = 2, b = 1
y_train = 2 * x_train + 1


def mse_loss(w, b):
    """Mean squared error of the line y_hat = w x + b on the training data."""
    return ((w * x_train + b - y_train) ** 2).mean()


for w, b in [(0.0, 0.0), (1.0, 1.0), (3.0, 2.0), (2.0, 1.0)]:
    print(f"w = {w:.1f}, b = {b:.1f}:  loss {mse_loss(w, b).item():.4f}")
