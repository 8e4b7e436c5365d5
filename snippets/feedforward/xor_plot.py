import matplotlib.pyplot as plt

# P(label 1) on a grid of points around the four corners
grid_x, grid_y = torch.meshgrid(
    torch.linspace(-0.5, 1.5, 101),
    torch.linspace(-0.5, 1.5, 101),
    indexing="xy",
)
grid = torch.stack([grid_x.flatten(), grid_y.flatten()], dim=1)

fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharey=True)
for ax, xor_model, name in zip(
    axes,
    [xor_linear_stack, xor_relu_network],
    ["Two linear layers, no activation", "Two linear layers with ReLU"],
):
    with torch.no_grad():
        grid_probabilities = (
            xor_model(grid).softmax(dim=1)[:, 1].reshape(grid_x.shape)
        )
    image = ax.imshow(
        grid_probabilities.numpy(),
        origin="lower",
        extent=(-0.5, 1.5, -0.5, 1.5),
        vmin=0,
        vmax=1,
        cmap="coolwarm",
        interpolation="none",
    )
    for label, marker in [(0, "o"), (1, "s")]:
        points = xor_inputs[xor_labels == label]
        ax.scatter(
            points[:, 0],
            points[:, 1],
            marker=marker,
            s=90,
            color="black",
            label=f"label {label}",
        )
    ax.set_title(name)
    ax.set_xlabel("first input")
axes[0].set_ylabel("second input")
axes[0].legend(
    loc="center"
)  # the left panel is one flat colour, with room for it
fig.colorbar(image, ax=axes, label="P(label 1)")
fig.suptitle("XOR: what each model predicts around the four points")
plt.show()
