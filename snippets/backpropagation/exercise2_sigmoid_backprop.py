def sigmoid_xor_gradients_by_hand(network, inputs, labels):
    """xor_gradients_by_hand with sigmoid hidden units instead of tanh."""
    W1, b1 = network[0].weight.detach(), network[0].bias.detach()
    W2, b2 = network[2].weight.detach(), network[2].bias.detach()
    hidden = torch.sigmoid(inputs @ W1.T + b1)  # was torch.tanh
    probabilities = torch.sigmoid(hidden @ W2.T + b2)
    delta_output = (probabilities - labels) / len(inputs)
    # the one other change: sigmoid'(a) = h (1 - h) instead of 1 - h²
    delta_hidden = (delta_output @ W2) * hidden * (1 - hidden)
    return [
        delta_hidden.T @ inputs,
        delta_hidden.sum(dim=0),
        delta_output.T @ hidden,
        delta_output.sum(dim=0),
    ]


torch.manual_seed(0)
sigmoid_network = nn.Sequential(
    nn.Linear(2, HIDDEN_UNITS), nn.Sigmoid(), nn.Linear(HIDDEN_UNITS, 1)
)
sigmoid_loss = nn.BCEWithLogitsLoss()(sigmoid_network(xor_inputs), xor_labels)
sigmoid_loss.backward()
sigmoid_by_hand = sigmoid_xor_gradients_by_hand(
    sigmoid_network, xor_inputs, xor_labels
)
print("parameter  largest |by hand - autograd|")
for weight_name, weights, mine in zip(
    ["W1", "b1", "W2", "b2"], sigmoid_network.parameters(), sigmoid_by_hand
):
    print(f"{weight_name:9}  {(mine - weights.grad).abs().max():.2e}")
