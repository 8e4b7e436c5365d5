HIDDEN_WIDTHS = [8, 16, 32, 64, 100, 200]

width_accuracies = {}
for width in HIDDEN_WIDTHS:
    torch.manual_seed(0)
    width_accuracies[width] = train_and_validate(
        FeedforwardNeuralNetModel(INPUT_DIM, width, OUTPUT_DIM)
    )
    print(
        f"{width:4d} hidden neurons: validation accuracy "
        f"{width_accuracies[width]:.2%}"
    )

fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(
    HIDDEN_WIDTHS,
    [100 * width_accuracies[width] for width in HIDDEN_WIDTHS],
    marker="o",
)
ax.set_xscale("log")
ax.set_xticks(HIDDEN_WIDTHS, [str(width) for width in HIDDEN_WIDTHS])
ax.minorticks_off()
# the whole range that matters, so small differences look small
ax.set_ylim(90, 100)
ax.set_xlabel("neurons in the hidden layer (log scale)")
ax.set_ylabel("validation accuracy (%)")
ax.set_title(f"Validation accuracy against width ({SWEEP_EPOCHS} epochs)")
plt.show()
