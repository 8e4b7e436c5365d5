SEEDS = range(5)  # the whole comparison is repeated for five seeds
STARTS_PER_SEED = 20  # random starts drawn from each seed


def xor_solved_per_seed(activation, hidden_units):
    """Train STARTS_PER_SEED XOR networks for every seed in SEEDS, all at
    once, each from its own random start; return, per seed, the fraction
    of networks that classify all four points correctly."""

    def random_weights(*shape, fan_in):
        # nn.Linear's starting range: uniform in ±1/sqrt(fan_in)
        bound = fan_in**-0.5
        return (torch.rand(STARTS_PER_SEED, *shape) * 2 - 1) * bound

    starts = []  # per seed: the four weight tensors of its networks
    for seed in SEEDS:
        torch.manual_seed(seed)
        starts.append(
            [
                random_weights(2, hidden_units, fan_in=2),
                random_weights(1, hidden_units, fan_in=2),
                random_weights(hidden_units, 1, fan_in=hidden_units),
                random_weights(1, 1, fan_in=hidden_units),
            ]
        )
    # one slice per network along the first axis, S = 5 * 20 networks
    W1, b1, W2, b2 = [
        torch.cat(tensors).requires_grad_(True) for tensors in zip(*starts)
    ]  # (S, 2, H), (S, 1, H), (S, H, 1), (S, 1, 1)
    num_networks = len(W1)

    def logits():
        # (4, 2) @ (S, 2, H) broadcasts to (S, 4, H): all networks at once
        return activation(xor_inputs @ W1 + b1) @ W2 + b2  # (S, 4, 1)

    optimizer = torch.optim.Adam([W1, b1, W2, b2], lr=LEARNING_RATE)
    labels = xor_labels.expand(num_networks, 4, 1)
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
        correct = ((logits() > 0) == (labels > 0.5)).all(dim=(1, 2))
    return correct.float().reshape(len(SEEDS), STARTS_PER_SEED).mean(dim=1)


ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh}
WIDTHS = [2, 8]  # hidden units

solved = {
    (name, width): xor_solved_per_seed(activation, width)
    for width in WIDTHS
    for name, activation in ACTIVATIONS.items()
}
print(f"fraction of XOR solved, {STARTS_PER_SEED} random starts per seed,")
print(f"mean ± standard deviation over {len(SEEDS)} seeds:")
print("hidden units      sigmoid           tanh")
for width in WIDTHS:
    cells = [
        f"{solved[name, width].mean():.2f} ± {solved[name, width].std():.2f}"
        for name in ACTIVATIONS
    ]
    print(f"{width:12}   {cells[0]:>12}   {cells[1]:>12}")
