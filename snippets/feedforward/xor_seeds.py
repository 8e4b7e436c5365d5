NUM_XOR_SEEDS = 10  # starting weights: one seed for each pair of networks


def xor_results(model):
    """Whether the model gets all four points right, and its final loss."""
    with torch.no_grad():
        logits = model(xor_inputs)
    all_right = (logits.argmax(dim=1) == xor_labels).all().item()
    final_loss = nn.functional.cross_entropy(logits, xor_labels).item()
    return all_right, final_loss


xor_seed_results = {"without activation": [], "with ReLU": []}
for xor_seed in range(NUM_XOR_SEEDS):
    torch.manual_seed(xor_seed)
    seed_stack = nn.Sequential(
        nn.Linear(2, XOR_HIDDEN_DIM), nn.Linear(XOR_HIDDEN_DIM, 2)
    )
    xor_seed_results["without activation"].append(
        xor_results(train_on_xor(seed_stack))
    )
    torch.manual_seed(xor_seed)  # the same starting weights, plus one ReLU
    seed_relu = nn.Sequential(
        nn.Linear(2, XOR_HIDDEN_DIM), nn.ReLU(), nn.Linear(XOR_HIDDEN_DIM, 2)
    )
    xor_seed_results["with ReLU"].append(xor_results(train_on_xor(seed_relu)))

print(f"over {NUM_XOR_SEEDS} seeds   all four right   final loss, mean +- std")
for network, results in xor_seed_results.items():
    solved = sum(all_right for all_right, _ in results)
    seed_losses = torch.tensor([loss for _, loss in results])
    print(
        f"{network:<18}{solved:>9} of {NUM_XOR_SEEDS}"
        f"   {seed_losses.mean():11.4f} +- {seed_losses.std():.4f}"
    )
