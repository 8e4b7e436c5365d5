grid_axis = torch.linspace(-0.5, 1.5, 81)
grid_x1, grid_x2 = torch.meshgrid(grid_axis, grid_axis, indexing="xy")
grid_points = torch.stack(
    [grid_x1.flatten(), grid_x2.flatten()], dim=1
)  # (81 * 81, 2)
with torch.no_grad():
    grid_probabilities = torch.sigmoid(xor_network(grid_points)).reshape(
        grid_x1.shape
    )

fig, ax = plt.subplots(figsize=(5, 4.5))
# fill below and above probability 1/2 in two colours, and draw the boundary between them
ax.contourf(
    grid_x1,
    grid_x2,
    grid_probabilities,
    levels=[0, 0.5, 1],
    colors=["#c6dbef", "#fdd0a2"],
)
ax.contour(grid_x1, grid_x2, grid_probabilities, levels=[0.5], colors="black")
for point, label in zip(xor_inputs, xor_labels):
    marker = "s" if label.item() == 1 else "o"
    ax.plot(point[0], point[1], marker, color="black", markersize=10)
ax.set_xlabel("input 1")
ax.set_ylabel("input 2")
ax.set_title("Where the trained network predicts 1 (orange) and 0 (blue)")
plt.show()
