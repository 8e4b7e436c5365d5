import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(4.2, 3.2), layout="constrained")
ax.plot(range(1, NUM_EPOCHS + 1), losses)
ax.set_yscale("log")
ax.yaxis.set_major_formatter("{x:g}")  # 0.01, not 10^-2
ax.set_xlabel("epoch")
ax.set_ylabel("cross-entropy (log scale)")
ax.set_title("Training loss of logistic regression on the digits")
plt.show()
