RUN_STYLES = {"too small": "o:", "good": "s-", "too large": "^--"}

# two panels stacked, so that each keeps its width on a phone
fig, (path_ax, loss_ax) = plt.subplots(2, 1, figsize=(4.5, 7.5))

# grey contours: the coloured paths stand out, on a light page or a dark one
path_ax.contour(
    w_grid,
    b_grid,
    loss_grid,
    levels=LOSS_LEVELS,
    colors="gray",
    linewidths=0.8,
)
for name, rate in LEARNING_RATES.items():
    path = torch.tensor(runs[name][0])
    path_ax.plot(
        path[:, 0],
        path[:, 1],
        RUN_STYLES[name],
        markersize=4,
        linewidth=1.2,
        label=f"{name} (η = {rate})",
    )
path_ax.plot(2, 1, "*", color="C3", markersize=14)
# the same window as the contour plot: the diverging run leaves it
path_ax.set_xlim(w_values[0].item(), w_values[-1].item())
path_ax.set_ylim(b_values[0].item(), b_values[-1].item())
path_ax.set_xlabel("weight w")
path_ax.set_ylabel("bias b")
path_ax.set_title(f"Gradient-descent paths from ({START_W:g}, {START_B:g})")
path_ax.legend(loc="lower right")

for name, rate in LEARNING_RATES.items():
    loss_ax.plot(
        runs[name][1], RUN_STYLES[name], markersize=4, label=f"η = {rate}"
    )
loss_ax.set_yscale("log")
loss_ax.yaxis.set_major_formatter("{x:g}")  # 0.01, not 10^-2
loss_ax.set_xlabel("step")
loss_ax.set_ylabel("loss (log scale)")
loss_ax.set_title("Loss after each step")
loss_ax.legend()
fig.tight_layout()
plt.show()
