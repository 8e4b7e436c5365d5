import torch

torch.manual_seed(0)  # the same "random" data on every run

NUM_SAMPLES = 1000
TRUE_WEIGHT, TRUE_BIAS = 2.0, 1.0
NOISE_STD = 0.05

# x ~ U(-1, 1), one sample per row, one feature per column
x = torch.empty(NUM_SAMPLES, 1).uniform_(-1, 1)
noise = NOISE_STD * torch.randn(NUM_SAMPLES, 1)
y = TRUE_WEIGHT * x + TRUE_BIAS + noise

print("x:", tuple(x.shape), x.dtype)
print("y:", tuple(y.shape), y.dtype)
print("first three (x, y) pairs:")
print(torch.cat([x, y], dim=1)[:3])
