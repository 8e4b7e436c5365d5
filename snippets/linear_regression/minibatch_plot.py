BATCH_STYLES = {1000: "o-", 100: "s--", 10: "^:"}

fig, ax = plt.subplots(figsize=(5.5, 4))
for size, above in above_lowest.items():
    ax.plot(
        range(BATCH_EPOCHS + 1),
        above.mean(dim=0),  # the mean over the seeds, epoch by epoch
        BATCH_STYLES[size],
        label=f"batch size {size}",
    )
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("loss minus the lowest (log scale)")
ax.set_title(
    f"Smaller batches descend faster per epoch\n"
    f"(mean over {len(SHUFFLE_SEEDS)} seeds)"
)
ax.legend()
plt.show()
