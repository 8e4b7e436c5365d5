HIDDEN_WIDTHS = [8, 16, 32, 100, 200]

width_accuracies = {}
for width in HIDDEN_WIDTHS:
    if width == HIDDEN_DIM:  # trained already: the depth table's 1 layer
        width_accuracies[width] = depth_accuracies[1]
        continue
    width_accuracies[width] = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        width_accuracies[width].append(
            train_and_validate(
                DeepFeedforwardModel(INPUT_DIM, [width], OUTPUT_DIM)
            )
        )

print(f"validation accuracy after {SWEEP_EPOCHS} epochs, {len(SEEDS)} seeds")
print("hidden neurons  mean ± std (lowest to highest)")
for width in HIDDEN_WIDTHS:
    print(f"{width:14d} ", spread(width_accuracies[width], ".2%"))

means = [100 * sum(a) / len(a) for a in width_accuracies.values()]
lowest = [100 * min(a) for a in width_accuracies.values()]
highest = [100 * max(a) for a in width_accuracies.values()]
fig, ax = plt.subplots(figsize=(4.5, 3.5))
ax.fill_between(
    HIDDEN_WIDTHS, lowest, highest, alpha=0.3, label="seeds' range"
)
ax.plot(HIDDEN_WIDTHS, means, marker="o", label="mean of the seeds")
ax.set_xscale("log")
ax.set_xticks(HIDDEN_WIDTHS, [str(width) for width in HIDDEN_WIDTHS])
ax.minorticks_off()
# the whole range that matters, so small differences look small
ax.set_ylim(90, 100)
ax.set_xlabel("neurons in the hidden layer (log scale)")
ax.set_ylabel("validation accuracy (%)")
ax.set_title(f"Validation accuracy against width ({SWEEP_EPOCHS} epochs)")
ax.legend()
plt.show()
