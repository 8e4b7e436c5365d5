z = torch.linspace(-6, 6, 200)
# three classes with logits (z, 1, 0): only the first one changes
three_logits = torch.stack([z, torch.ones_like(z), torch.zeros_like(z)], 1)
three_probabilities = softmax(three_logits)

fig, ax = plt.subplots(figsize=(4.2, 3.2), layout="constrained")
# a line style as well as a colour for each curve
names = ["class 0 (logit z)", "class 1 (logit 1)", "class 2 (logit 0)"]
for k, (name, style) in enumerate(zip(names, ["-", "--", "-."])):
    ax.plot(z, three_probabilities[:, k], linestyle=style, label=name)
ax.plot(
    z,
    three_probabilities.sum(dim=1),
    color="gray",
    linestyle=":",
    linewidth=2.5,
    label="sum of the three",
)
ax.set_xlabel("logit z of class 0")
ax.set_ylabel("probability")
ax.set_title("Softmax of the logits (z, 1, 0)")
ax.legend()
plt.show()
