import matplotlib.pyplot as plt

# A grid with a step of 0.1: w = -2, -1.9, ..., 6 and b = -4, -3.9, ..., 6.
w_values = torch.linspace(-2.0, 6.0, 81, dtype=torch.float64)
b_values = torch.linspace(-4.0, 6.0, 101, dtype=torch.float64)
# Two (101, 81) tables: w_grid[i, j] = w_values[j], b_grid[i, j] = b_values[i]
w_grid, b_grid = torch.meshgrid(w_values, b_values, indexing="xy")

# The loss at every grid point at once. [..., None] adds a last axis of
# size 1, which broadcasts against the 50 samples: (101, 81, 50).
predictions = w_grid[..., None] * x_train + b_grid[..., None]
loss_grid = ((predictions - y_train) ** 2).mean(dim=-1)  # (101, 81)

lowest = loss_grid.argmin()  # an index into the flattened grid
best_w = w_grid.flatten()[lowest].item()
best_b = b_grid.flatten()[lowest].item()
lowest_loss = loss_grid.min().item()
print(f"loss evaluated at {loss_grid.numel()} grid points")
print(f"lowest: w = {best_w:.2f}, b = {best_b:.2f}, loss {lowest_loss:.4f}")

# contour levels roughly doubling, to show the floor of the bowl too
LOSS_LEVELS = [0.05, 0.2, 0.5, 1, 2, 4, 8, 16, 32]
fig, ax = plt.subplots(figsize=(4.5, 3.8))
# grey lines, each labelled with its loss: readable light or dark
contours = ax.contour(
    w_grid, b_grid, loss_grid, levels=LOSS_LEVELS, colors="gray"
)
ax.clabel(contours, fontsize=10)
ax.plot(best_w, best_b, "*", color="C3", markersize=14, label="minimum")
ax.set_xlabel("weight w")
ax.set_ylabel("bias b")
ax.set_title("The loss over (w, b): a bowl, lowest at (2, 1)")
ax.legend()
plt.show()
