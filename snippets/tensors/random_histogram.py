import matplotlib.pyplot as plt

NUM_DRAWS = 10_000

torch.manual_seed(0)
many_uniform = torch.rand(NUM_DRAWS)
many_normal = torch.randn(NUM_DRAWS)

# Two panels, one above the other, so each stays wide on a narrow screen
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.5, 5))
top.hist(many_uniform.numpy(), bins=20, range=(0, 1), density=True)
top.set_title("torch.rand: uniform on [0, 1)")
bottom.hist(
    many_normal.numpy(), bins=30, range=(-4, 4), density=True, color="C1"
)
bottom.set_title("torch.randn: standard normal")
for ax in (top, bottom):
    ax.set_xlabel("value")
    ax.set_ylabel("density")
fig.suptitle(f"Histograms of {NUM_DRAWS:,} draws each")
fig.tight_layout()
plt.show()
