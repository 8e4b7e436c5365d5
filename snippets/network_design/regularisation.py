WEIGHT_DECAY = 1e-3
PATIENCE = 3  # epochs without improvement before stopping
MIN_IMPROVEMENT = 2e-3  # smaller drops of the validation loss do not count


def weight_size(model):
    """The length of all weights and biases as one long vector."""
    return torch.cat([p.detach().flatten() for p in model.parameters()]).norm()


torch.manual_seed(0)  # the same starting weights as the run above
decay_model = FeedforwardNeuralNetModel(INPUT_DIM, HIDDEN_DIM, OUTPUT_DIM)
decay_history, _ = train_with_validation(
    decay_model, CURVE_EPOCHS, weight_decay=WEIGHT_DECAY
)

torch.manual_seed(0)
stopped_model = FeedforwardNeuralNetModel(INPUT_DIM, HIDDEN_DIM, OUTPUT_DIM)
stopped_history, best_state = train_with_validation(
    stopped_model,
    CURVE_EPOCHS,
    patience=PATIENCE,
    min_improvement=MIN_IMPROVEMENT,
)
stopped_model.load_state_dict(best_state)  # back to the best epoch

print(f"after {CURVE_EPOCHS} epochs   fit loss  validation loss  weight size")
for name, history, trained in [
    ("no penalty", curve_history, curve_model),
    (f"weight decay {WEIGHT_DECAY:g}", decay_history, decay_model),
]:
    print(
        f"{name:20}{history['fit'][-1]:9.4f}"
        f"{history['validation'][-1]:17.4f}{weight_size(trained):13.2f}"
    )
stopped_epochs = len(stopped_history["validation"])
print(
    f"early stopping: stopped after epoch {stopped_epochs} of {CURVE_EPOCHS}"
)
for name, trained in [
    ("all epochs", curve_model),
    ("early stop", stopped_model),
]:
    trained_accuracy = accuracy(trained, validation_images, validation_labels)
    print(f"  validation accuracy, {name}: {trained_accuracy:.2%}")
