DROPOUT = 0.5


def dropout_network():
    """Part 1's network with dropout on the hidden features."""
    return nn.Sequential(
        nn.Linear(INPUT_DIM, HIDDEN_DIM),
        nn.ReLU(),
        nn.Dropout(p=DROPOUT),  # active in training mode only
        nn.Linear(HIDDEN_DIM, OUTPUT_DIM),
    )


dropout_runs = runs_over_seeds(dropout_network)

print(f"seeds {SEEDS}, batches of {SWEEP_BATCH_SIZE}, {REMEDY_EPOCHS} epochs")
print("mean ± standard deviation (lowest to highest)")
for title, key in [("fit loss", "fit"), ("validation loss", "validation")]:
    print(title)
    print("  no dropout  ", spread(final(plain_runs, key), ".4f"))
    print("  dropout 0.5 ", spread(final(dropout_runs, key), ".4f"))
    differences = [
        with_dropout - plain
        for plain, with_dropout in zip(
            final(plain_runs, key), final(dropout_runs, key)
        )
    ]
    print("  dropout - no", spread(differences, "+.4f"))
print("validation accuracy")
dropout_accuracies = [
    accuracy(run["model"], validation_images, validation_labels)
    for run in dropout_runs
]
print("  no dropout  ", spread(full_accuracies, ".2%"))
print("  dropout 0.5 ", spread(dropout_accuracies, ".2%"))

# the mean validation loss over the seeds, epoch by epoch
remedy_epochs = range(1, REMEDY_EPOCHS + 1)
fig, ax = plt.subplots(figsize=(4.5, 3.5))
for name, runs, style in [
    ("no remedy", plain_runs, "-"),
    (f"weight decay {WEIGHT_DECAY:g}", decay_runs, "--"),
    (f"dropout {DROPOUT:g}", dropout_runs, ":"),
]:
    curves = torch.tensor([run["history"]["validation"] for run in runs])
    ax.plot(remedy_epochs, curves.mean(dim=0), linestyle=style, label=name)
ax.set_yscale("log")
ax.set_yticks([0.2, 0.3, 0.5, 1], ["0.2", "0.3", "0.5", "1"])
ax.minorticks_off()  # only the labelled ticks: 0.2, not 2 x 10^-1
ax.set_xlabel("epoch")
ax.set_ylabel("validation loss, mean of the seeds (log)")
ax.set_title("Validation loss with and without a remedy")
ax.legend()
plt.show()
