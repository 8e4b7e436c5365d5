fig, ax = plt.subplots(figsize=(4.5, 3.5))
ax.plot(range(1, NUM_EPOCHS + 1), losses)
ax.set_yscale("log")
ax.yaxis.set_major_formatter("{x:g}")  # 0.01, not 10^-2
ax.set_xlabel("epoch")
ax.set_ylabel("mean squared error (log scale)")
ax.set_title("Training loss of linear regression")
plt.show()
