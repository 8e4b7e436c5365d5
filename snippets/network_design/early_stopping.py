stopped_runs = runs_over_seeds(
    part_1_network, patience=PATIENCE, min_improvement=MIN_IMPROVEMENT
)
for run in stopped_runs:
    run["model"].load_state_dict(run["best"])  # back to the best epoch

stop_epochs = [len(run["history"]["validation"]) for run in stopped_runs]
print(f"stopped after epoch {spread(stop_epochs, '.1f')} of {REMEDY_EPOCHS}")
print("validation accuracy")
full_accuracies, stopped_accuracies = [], []
for plain, stopped in zip(plain_runs, stopped_runs):
    full_accuracies.append(
        accuracy(plain["model"], validation_images, validation_labels)
    )
    stopped_accuracies.append(
        accuracy(stopped["model"], validation_images, validation_labels)
    )
print("  all epochs", spread(full_accuracies, ".2%"))
print("  early stop", spread(stopped_accuracies, ".2%"))
image_differences = [
    round((stopped - full) * len(validation_labels))
    for full, stopped in zip(full_accuracies, stopped_accuracies)
]
print(
    "  early stop - all epochs, in images:", spread(image_differences, "+.1f")
)
