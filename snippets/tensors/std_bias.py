# Many small samples from N(0, 1), whose variance and std are both 1
NUM_SAMPLES = 100_000
SAMPLE_SIZE = 5

torch.manual_seed(0)
samples = torch.randn(NUM_SAMPLES, SAMPLE_SIZE)  # one sample per row
variances_c0 = samples.var(dim=1, correction=0)
variances = samples.var(dim=1)  # correction=1, the default
stds = samples.std(dim=1)  # correction=1: the square roots of `variances`

print(f"average variance, correction=0: {variances_c0.mean():.4f}")
print(f"average variance, correction=1: {variances.mean():.4f}")
print(f"average std,      correction=1: {stds.mean():.4f}")
