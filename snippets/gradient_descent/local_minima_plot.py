PATH_STYLES = ["o", "s"]  # one marker per start

curve = torch.linspace(-2.0, 2.0, 200, dtype=torch.float64)
fig, ax = plt.subplots(figsize=(4.5, 3.5))
ax.plot(curve, bumpy_loss(curve), "C0-", linewidth=2, label="loss")
for index, (start, visited) in enumerate(bumpy_paths.items()):
    visited = torch.tensor(visited, dtype=torch.float64)
    ax.plot(
        visited,
        bumpy_loss(visited),
        PATH_STYLES[index],
        color=f"C{index + 1}",
        markersize=5,
        alpha=0.8,
        label=f"gradient descent from {start}",
    )
ax.set_xlabel("parameter θ")
ax.set_ylabel("loss")
ax.set_title("Two starts, two valleys")
ax.legend(loc="upper center")
plt.show()
