NUM_STARTS = 50  # random starts per configuration


def count_xor_solved(activation, hidden_units, seed=0):
    """Train NUM_STARTS XOR networks at once, each from its own random start,
    and count those that classify all four points correctly."""
    torch.manual_seed(seed)

    def random_weights(*shape, fan_in):
        # nn.Linear's starting range: uniform in ±1/sqrt(fan_in)
        bound = fan_in**-0.5
        weights = (torch.rand(NUM_STARTS, *shape) * 2 - 1) * bound
        return weights.requires_grad_(True)

    # one slice per network along the first axis
    W1 = random_weights(2, hidden_units, fan_in=2)  # (50, 2, H)
    b1 = random_weights(1, hidden_units, fan_in=2)  # (50, 1, H)
    W2 = random_weights(hidden_units, 1, fan_in=hidden_units)  # (50, H, 1)
    b2 = random_weights(1, 1, fan_in=hidden_units)  # (50, 1, 1)

    def logits():
        # (4, 2) @ (50, 2, H) broadcasts to (50, 4, H): all networks at once
        return activation(xor_inputs @ W1 + b1) @ W2 + b2  # (50, 4, 1)

    optimizer = torch.optim.Adam([W1, b1, W2, b2], lr=LEARNING_RATE)
    labels = xor_labels.expand(NUM_STARTS, 4, 1)
    for epoch in range(NUM_EPOCHS):
        optimizer.zero_grad()
        losses = nn.functional.binary_cross_entropy_with_logits(
            logits(), labels, reduction="none"
        ).mean(dim=(1, 2))  # one loss per network
        # Summing the losses gives each network its own gradient; Adam
        # treats every number on its own, so the networks train apart.
        losses.sum().backward()
        optimizer.step()
    with torch.no_grad():
        correct = (logits() > 0) == (labels > 0.5)
    return correct.all(dim=(1, 2)).sum().item()


ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh}
WIDTHS = [2, 8]  # hidden units

solved = {
    (name, width): count_xor_solved(activation, width)
    for width in WIDTHS
    for name, activation in ACTIVATIONS.items()
}
print(f"XOR solved, out of {NUM_STARTS} random starts each:")
print("hidden units   sigmoid   tanh")
for width in WIDTHS:
    sigmoid_count, tanh_count = solved["sigmoid", width], solved["tanh", width]
    print(f"{width:12}   {sigmoid_count:7}   {tanh_count:4}")
