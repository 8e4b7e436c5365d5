fig, (ax_values, ax_slopes) = plt.subplots(1, 2, figsize=(9, 3.5))
for name in activations:
    ax_values.plot(z.detach(), values[name].detach(), label=name)
    ax_slopes.plot(z.detach(), derivatives[name], label=name)
ax_values.axhline(
    1, color="gray", linestyle=":", linewidth=1
)  # where sigmoid and tanh level off
ax_values.axhline(-1, color="gray", linestyle=":", linewidth=1)
ax_values.set_ylim(-1.5, 2.5)
ax_values.set_title("Activation functions f(z)")
ax_slopes.set_title("Their derivatives f'(z)")
for ax in (ax_values, ax_slopes):
    ax.set_xlabel("z")
    ax.legend()
plt.show()
