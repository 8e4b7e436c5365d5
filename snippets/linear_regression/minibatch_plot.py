BATCH_STYLES = {1000: "o-", 100: "s--", 10: "^:"}

fig, ax = plt.subplots(figsize=(4.5, 3.5))
for size, above in above_lowest.items():
    ax.plot(
        range(BATCH_EPOCHS + 1),
        above.mean(dim=0),  # the mean over the seeds, epoch by epoch
        BATCH_STYLES[size],
        label=f"batch size {size}",
    )
ax.set_yscale("log")
ax.yaxis.set_major_formatter("{x:g}")  # 0.01, not 10^-2
ax.set_xlabel("epoch")
ax.set_ylabel("loss minus the lowest (log scale)")
ax.set_title(
    f"Smaller batches descend faster per epoch\n"
    f"(mean over {len(SHUFFLE_SEEDS)} seeds)"
)
ax.legend()
plt.show()
