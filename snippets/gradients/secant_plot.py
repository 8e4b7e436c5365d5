import matplotlib.pyplot as plt

PLOT_STEPS = [
    1.5,
    1.0,
    0.5,
    0.25,
]  # fewer than in the table, so that they stay apart

xs = torch.linspace(0.0, 2.8, 200, dtype=torch.float64)
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(xs, f(xs), color="black", linewidth=2, label="f(x) = x²")
for h in PLOT_STEPS:
    slope = (f(x0 + h) - f(x0)) / h
    secant = f(x0) + slope * (xs - x0)
    (drawn,) = ax.plot(xs, secant, linewidth=1, label=f"secant, h = {h}")
    ax.plot(
        X0 + h, f(x0 + h), "o", color=drawn.get_color()
    )  # the secant's second point
ax.plot(
    xs, f(x0) + exact_slope * (xs - x0), "k--", linewidth=1.5, label="tangent"
)
ax.plot(X0, f(x0), "ko")
ax.set_ylim(-1.5, 7.5)
ax.set_xlabel("x")
ax.set_ylabel("f(x)")
ax.set_title("Secants through (1, 1) close in on the tangent of x²")
ax.legend(loc="upper left", fontsize=8)
plt.show()
