SWEEP_EPOCHS = 10  # the cheap recipe, for even fewer epochs


class DeepFeedforwardModel(nn.Module):
    """Hidden layers, each Linear then ReLU, and a linear readout."""

    def __init__(self, input_dim, hidden_dims, output_dim):
        super().__init__()
        layers = []
        for hidden_dim in hidden_dims:
            layers += [nn.Linear(input_dim, hidden_dim), nn.ReLU()]
            input_dim = hidden_dim  # the next layer reads this layer's output
        layers.append(nn.Linear(input_dim, output_dim))  # the readout layer
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)


def train_and_validate(model, num_epochs=SWEEP_EPOCHS):
    """Train ``model`` on the fit set; return its validation accuracy."""
    train_with_validation(
        model, num_epochs, SWEEP_BATCH_SIZE, SWEEP_LEARNING_RATE
    )
    return accuracy(model, validation_images, validation_labels)


depth_models, depth_accuracies = {}, {}
for num_hidden in [0, 1, 2, 3]:
    depth_accuracies[num_hidden] = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        depth_models[num_hidden] = DeepFeedforwardModel(
            INPUT_DIM, [HIDDEN_DIM] * num_hidden, OUTPUT_DIM
        )
        depth_accuracies[num_hidden].append(
            train_and_validate(depth_models[num_hidden])
        )

print(f"validation accuracy after {SWEEP_EPOCHS} epochs, {len(SEEDS)} seeds")
print("hidden layers  parameters  mean ± std (lowest to highest)")
for num_hidden, depth_model in depth_models.items():
    parameter_count = sum(p.numel() for p in depth_model.parameters())
    print(
        f"{num_hidden:13d}  {parameter_count:10,d} ",
        spread(depth_accuracies[num_hidden], ".2%"),
    )
