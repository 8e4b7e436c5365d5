import matplotlib.pyplot as plt

grid_axis = torch.linspace(-0.5, 1.5, 81)
# Two (81, 81) tables of coordinates: grid_x1[i, j] = grid_axis[j] and
# grid_x2[i, j] = grid_axis[i], so (grid_x1, grid_x2) visits every point.
grid_x1, grid_x2 = torch.meshgrid(grid_axis, grid_axis, indexing="xy")
# one row (x1, x2) per grid point: (81 * 81, 2)
grid_points = torch.stack([grid_x1.flatten(), grid_x2.flatten()], dim=1)
with torch.no_grad():
    grid_logits = xor_network(grid_points).reshape(grid_x1.shape)
grid_probabilities = torch.sigmoid(grid_logits)

fig, ax = plt.subplots(figsize=(4.3, 4))
# shade the two sides of probability 1/2, hatched apart as well as coloured
ax.contourf(
    grid_x1,
    grid_x2,
    grid_probabilities,
    levels=[0, 0.5, 1],
    colors=["C0", "C1"],
    hatches=["", "//"],
    alpha=0.35,
)
ax.contour(grid_x1, grid_x2, grid_probabilities, levels=[0.5], colors="C3")
for point, label in zip(xor_inputs, xor_labels):
    style = "s" if label.item() == 1 else "o"
    ax.plot(point[0], point[1], style, color="C3", markersize=10)
ax.set_xlabel("input 1")
ax.set_ylabel("input 2")
ax.set_title("The network predicts 1 in the hatched region")
plt.show()
