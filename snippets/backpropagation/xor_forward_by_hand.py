# The trained weights, detached: here we only compute, we do not differentiate.
W1 = xor_network[0].weight.detach()  # (8, 2): one row per hidden unit
b1 = xor_network[0].bias.detach()  # (8,)
W2 = xor_network[2].weight.detach()  # (1, 8)
b2 = xor_network[2].bias.detach()  # (1,)

hidden = torch.tanh(xor_inputs @ W1.T + b1)  # (4, 8): a row per input
logits_by_hand = hidden @ W2.T + b2  # (4, 1)
probabilities_by_hand = torch.sigmoid(logits_by_hand)

with torch.no_grad():
    probabilities_pytorch = torch.sigmoid(xor_network(xor_inputs))

print("input    label   PyTorch   by hand")
rows = zip(
    xor_inputs, xor_labels, probabilities_pytorch, probabilities_by_hand
)
for point, label, p_pytorch, p_hand in rows:
    print(
        f"{point.int().tolist()}  {label.item():5.0f}   "
        f"{p_pytorch.item():7.4f}   {p_hand.item():7.4f}"
    )
difference = probabilities_by_hand - probabilities_pytorch
print(f"largest difference: {difference.abs().max().item():.6f}")
