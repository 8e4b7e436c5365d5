import matplotlib.pyplot as plt

PLOT_STEPS = [1.5, 1.0, 0.5, 0.25]  # fewer than in the table: they stay apart
SECANT_STYLES = [":", "-.", (0, (5, 2)), "-"]  # told apart without colour

xs = torch.linspace(0.0, 2.8, 200, dtype=torch.float64)
fig, ax = plt.subplots(figsize=(4.5, 3.6))
ax.plot(xs, f(xs), color="C0", linewidth=2.5, label="f(x) = x²")
for index, h in enumerate(PLOT_STEPS):
    slope = (f(x0 + h) - f(x0)) / h
    secant = f(x0) + slope * (xs - x0)
    color = f"C{index + 1}"
    ax.plot(
        xs,
        secant,
        color=color,
        linestyle=SECANT_STYLES[index],
        linewidth=1.2,
        label=f"secant, h = {h}",
    )
    ax.plot(X0 + h, f(x0 + h), "o", color=color)  # its second point
tangent = f(x0) + exact_slope * (xs - x0)
ax.plot(xs, tangent, "--", color="C6", linewidth=2, label="tangent")
ax.plot(X0, f(x0), "o", color="C6")
ax.set_ylim(-1.5, 7.5)
ax.set_xlabel("x")
ax.set_ylabel("f(x)")
ax.set_title("Secants through (1, 1) approach the tangent")
ax.legend(loc="upper left")
plt.show()
