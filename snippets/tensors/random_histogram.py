import matplotlib.pyplot as plt

NUM_DRAWS = 10_000

torch.manual_seed(0)
many_uniform = torch.rand(NUM_DRAWS)
many_normal = torch.randn(NUM_DRAWS)

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
left.hist(many_uniform.numpy(), bins=20, range=(0, 1), density=True)
left.set_title("torch.rand: uniform on [0, 1)")
right.hist(many_normal.numpy(), bins=30, range=(-4, 4), density=True)
right.set_title("torch.randn: standard normal")
for ax in (left, right):
    ax.set_xlabel("value")
    ax.set_ylabel("density")
fig.suptitle(f"Histograms of {NUM_DRAWS:,} draws each")
fig.tight_layout()
plt.show()
