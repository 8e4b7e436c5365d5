fig, (path_ax, loss_ax) = plt.subplots(1, 2, figsize=(11, 4.2))

path_ax.contour(m_grid, b_grid, loss_grid, levels=LOSS_LEVELS, linewidths=0.8)
for name, rate in LEARNING_RATES.items():
    path = torch.tensor(runs[name][0])
    label = f"{name} (η = {rate})"
    path_ax.plot(
        path[:, 0], path[:, 1], "o-", markersize=3, linewidth=1, label=label
    )
path_ax.plot(2, 1, "r*", markersize=12)
# the same window as the contour plot: the diverging run leaves it
path_ax.set_xlim(m_values[0].item(), m_values[-1].item())
path_ax.set_ylim(b_values[0].item(), b_values[-1].item())
path_ax.set_xlabel("slope m")
path_ax.set_ylabel("intercept b")
path_ax.set_title(f"Gradient-descent paths from ({START_M:g}, {START_B:g})")
path_ax.legend(loc="lower right", fontsize=8)

for name, rate in LEARNING_RATES.items():
    loss_ax.plot(runs[name][1], label=f"{name} (η = {rate})")
loss_ax.set_yscale("log")
loss_ax.set_xlabel("step")
loss_ax.set_ylabel("loss (log scale)")
loss_ax.set_title("Loss after each step")
loss_ax.legend(fontsize=8)
plt.show()
