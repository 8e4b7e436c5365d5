# A grid with a step of 0.1: m = -2, -1.9, ..., 6 and b = -4, -3.9, ..., 6.
m_values = torch.linspace(-2.0, 6.0, 81, dtype=torch.float64)
b_values = torch.linspace(-4.0, 6.0, 101, dtype=torch.float64)
# b varies down the rows, m across the columns
m_grid, b_grid = torch.meshgrid(m_values, b_values, indexing="xy")

# The loss at every grid point at once: a last axis for the samples, averaged over.
predictions = m_grid[..., None] * x_train + b_grid[..., None]
loss_grid = ((predictions - y_train) ** 2).mean(dim=-1)

lowest = loss_grid.argmin()  # index into the flattened grid
best_m, best_b = (
    m_grid.flatten()[lowest].item(),
    b_grid.flatten()[lowest].item(),
)
print(f"loss evaluated at {loss_grid.numel()} grid points")
print(
    f"lowest on the grid: m = {best_m:.2f}, b = {best_b:.2f}, loss {loss_grid.min():.4f}"
)

LOSS_LEVELS = [
    0.05,
    0.2,
    0.5,
    1,
    2,
    4,
    8,
    16,
    32,
]  # roughly doubling, to show the floor too
fig, ax = plt.subplots(figsize=(6, 4.5))
contours = ax.contour(
    m_grid, b_grid, loss_grid, levels=LOSS_LEVELS, cmap="viridis"
)
ax.clabel(contours, fontsize=8)
ax.plot(best_m, best_b, "r*", markersize=14, label="minimum")
ax.set_xlabel("slope m")
ax.set_ylabel("intercept b")
ax.set_title(
    "Mean squared error over (m, b): a bowl with its minimum at (2, 1)"
)
ax.legend()
plt.show()
