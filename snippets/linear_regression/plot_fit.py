import matplotlib.pyplot as plt

with torch.no_grad():  # plotting needs no gradients
    line_x = torch.linspace(-1, 1, 2).unsqueeze(1)
    line_y = model(line_x)

fig, ax = plt.subplots(figsize=(4.3, 3.5))
SHOWN = 200  # points drawn: enough to see the cloud, few enough to see between
ax.scatter(
    x[:SHOWN],
    y[:SHOWN],
    s=8,
    label=f"data ({SHOWN} of {NUM_SAMPLES} points)",
)
ax.plot(
    line_x,
    line_y,
    "--",
    color="C1",
    linewidth=2.5,
    label=f"fitted: y = {learned_w:.2f}x + {learned_b:.2f}",
)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title("Noisy samples of y = 2x + 1 and the fitted line")
ax.legend()
plt.show()
