# one line style per function, so the curves differ without colour too
LINE_STYLES = {"sigmoid": "-", "tanh": "--", "ReLU": ":"}

# stacked, so each panel keeps the full width of a phone screen
fig, (ax_values, ax_slopes) = plt.subplots(
    2, 1, figsize=(4.2, 5.5), sharex=True, layout="constrained"
)
for name in activations:
    style = {"label": name, "linestyle": LINE_STYLES[name], "linewidth": 2}
    ax_values.plot(z.detach(), values[name].detach(), **style)
    ax_slopes.plot(z.detach(), derivatives[name], **style)
for level in (1, -1):  # where sigmoid and tanh level off
    ax_values.axhline(level, color="gray", linestyle=":", linewidth=1)
ax_values.set_ylim(-1.5, 2.5)
ax_values.set_title("Activation functions f(z)")
ax_slopes.set_title("Their derivatives f'(z)")
ax_slopes.set_xlabel("z")
for ax in (ax_values, ax_slopes):
    ax.legend()
plt.show()
