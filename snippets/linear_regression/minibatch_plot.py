BATCH_STYLES = {1000: "o-", 100: "s--", 10: "^:"}

fig, ax = plt.subplots(figsize=(5.5, 4))
for size, size_losses in batch_losses.items():
    ax.plot(
        range(BATCH_EPOCHS + 1),
        size_losses,
        BATCH_STYLES[size],
        label=f"batch size {size}",
    )
ax.axhline(lowest_loss, color="C3", linewidth=1, label="least squares")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("loss on all the data (log scale)")
ax.set_title("Smaller batches descend faster per epoch")
ax.legend()
plt.show()
