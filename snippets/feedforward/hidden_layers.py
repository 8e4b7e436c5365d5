SWEEP_EPOCHS = 10  # fewer than NUM_EPOCHS, to keep the comparisons quick


class DeepFeedforwardModel(nn.Module):
    """Any number of hidden layers, each a Linear layer followed by ReLU, then a linear readout."""

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


def train_and_evaluate(model, num_epochs=SWEEP_EPOCHS):
    """Train ``model`` with the recipe above and return its test accuracy."""
    shuffle_generator.manual_seed(
        0
    )  # every model sees the same batches in the same order
    optimizer = torch.optim.SGD(
        model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
    )
    for epoch in range(num_epochs):
        for images, labels in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()
    return accuracy(model, test_images, test_labels)


depth_models, depth_accuracies = {}, {}
for num_hidden in [0, 1, 2, 3]:
    torch.manual_seed(0)
    depth_models[num_hidden] = DeepFeedforwardModel(
        INPUT_DIM, [HIDDEN_DIM] * num_hidden, OUTPUT_DIM
    )
    depth_accuracies[num_hidden] = train_and_evaluate(depth_models[num_hidden])

print(f"hidden layers  parameters  test accuracy after {SWEEP_EPOCHS} epochs")
for num_hidden, depth_model in depth_models.items():
    note = " (logistic regression)" if num_hidden == 0 else ""
    parameter_count = sum(p.numel() for p in depth_model.parameters())
    print(
        f"{num_hidden:13d}  {parameter_count:10,d}  {depth_accuracies[num_hidden]:13.2%}{note}"
    )
