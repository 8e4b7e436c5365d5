PLOT_MILLISECONDS = 5
num_shown = SAMPLE_RATE * PLOT_MILLISECONDS // 1000

fig, ax = plt.subplots(figsize=(4.5, 2.8))
# One dot per sample: the line between the dots is only a guide for the eye
ax.plot(
    1000 * times[:num_shown].numpy(),
    waveform[0, :num_shown].numpy(),
    marker=".",
)
ax.set_xlabel("time (ms)")
ax.set_ylabel("amplitude")
ax.set_title(f"The first {PLOT_MILLISECONDS} ms of the waveform")
fig.tight_layout()
plt.show()
