import matplotlib.pyplot as plt

# P(label 1) on a grid of points around the four corners
grid_x, grid_y = torch.meshgrid(
    torch.linspace(-0.5, 1.5, 101),
    torch.linspace(-0.5, 1.5, 101),
    indexing="xy",
)
grid = torch.stack([grid_x.flatten(), grid_y.flatten()], dim=1)

# stacked, so each panel keeps the full width of a phone screen
fig, axes = plt.subplots(
    2, 1, figsize=(4.3, 7.5), sharex=True, layout="constrained"
)
for ax, xor_model, name in zip(
    axes,
    [xor_linear_stack, xor_relu_network],
    ["Two linear layers, no activation", "Two linear layers with ReLU"],
):
    with torch.no_grad():
        grid_logits = xor_model(grid)
    grid_probabilities = grid_logits.softmax(dim=1)[:, 1]
    image = ax.imshow(
        grid_probabilities.reshape(grid_x.shape).numpy(),
        origin="lower",
        extent=(-0.5, 1.5, -0.5, 1.5),
        vmin=0,
        vmax=1,
        cmap="coolwarm",  # blue to red: readable with colour-blindness
        interpolation="none",
    )
    # the two labels differ by marker shape, not only by colour
    for label, marker in [(0, "o"), (1, "s")]:
        points = xor_inputs[xor_labels == label]
        ax.scatter(
            points[:, 0],
            points[:, 1],
            marker=marker,
            s=90,
            color="black",
            edgecolors="white",
            label=f"label {label}",
        )
    ax.set_title(name)
    ax.set_ylabel("second input")
axes[1].set_xlabel("first input")
# the top panel is one flat colour, with room for the legend
axes[0].legend(loc="center")
fig.colorbar(image, ax=axes, label="P(label 1)", shrink=0.6)
fig.suptitle("XOR: what each model predicts")
plt.show()
