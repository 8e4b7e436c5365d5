z = torch.linspace(-6, 6, 200)
# three classes with logits (z, 1, 0): only the first logit changes along the x-axis
three_logits = torch.stack([z, torch.ones_like(z), torch.zeros_like(z)], dim=1)
three_probabilities = softmax(three_logits)

fig, ax = plt.subplots(figsize=(6, 4))
for k, name in enumerate(
    ["class 0 (logit z)", "class 1 (logit 1)", "class 2 (logit 0)"]
):
    ax.plot(z, three_probabilities[:, k], label=name)
ax.plot(
    z,
    three_probabilities.sum(dim=1),
    color="black",
    linestyle="--",
    label="sum of the three",
)
ax.set_xlabel("logit z of class 0")
ax.set_ylabel("probability")
ax.set_title("Softmax of the logits (z, 1, 0)")
ax.legend()
plt.show()
