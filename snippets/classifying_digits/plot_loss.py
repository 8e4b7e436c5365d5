import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
ax.plot(range(1, NUM_EPOCHS + 1), losses)
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("cross-entropy (log scale)")
ax.set_title("Training loss of logistic regression on the digits")
plt.show()
