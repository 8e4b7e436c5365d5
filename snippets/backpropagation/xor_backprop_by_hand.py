def xor_gradients_by_hand(network, inputs, labels):
    """dL/dW1, dL/db1, dL/dW2, dL/db2 of the mean binary cross-entropy,
    by the chain rule, in the order of network.parameters()."""
    W1, b1 = network[0].weight.detach(), network[0].bias.detach()
    W2, b2 = network[2].weight.detach(), network[2].bias.detach()
    # forward pass, keeping what the backward pass needs
    hidden = torch.tanh(inputs @ W1.T + b1)  # (n, 8)
    probabilities = torch.sigmoid(hidden @ W2.T + b2)  # (n, 1)
    # backward pass, from the loss towards the inputs
    delta_output = (probabilities - labels) / len(inputs)  # dL/dz, (n, 1)
    grad_W2 = delta_output.T @ hidden  # (1, 8)
    grad_b2 = delta_output.sum(dim=0)  # (1,)
    # dL/d(pre-activation) of the hidden units, (n, 8)
    delta_hidden = (delta_output @ W2) * (1 - hidden**2)
    grad_W1 = delta_hidden.T @ inputs  # (8, 2)
    grad_b1 = delta_hidden.sum(dim=0)  # (8,)
    return [grad_W1, grad_b1, grad_W2, grad_b2]


torch.manual_seed(0)
# the weights that train_xor(seed=0) started from
untrained_network = make_xor_network()

loss = nn.BCEWithLogitsLoss()(untrained_network(xor_inputs), xor_labels)
loss.backward()  # autograd's gradients land in each parameter's .grad
gradients_by_hand = xor_gradients_by_hand(
    untrained_network, xor_inputs, xor_labels
)

print("dL/dW2, by hand and by autograd:")
print(" ".join(f"{g:7.4f}" for g in gradients_by_hand[2].flatten()))
print(" ".join(f"{g:7.4f}" for g in untrained_network[2].weight.grad[0]))
print()
print("parameter  shape   largest |gradient|  largest |by hand - autograd|")
parameters = untrained_network.parameters()
for name, parameter, by_hand in zip(
    ["W1", "b1", "W2", "b2"], parameters, gradients_by_hand
):
    largest = parameter.grad.abs().max()
    difference = (by_hand - parameter.grad).abs().max()
    shape = str(tuple(parameter.shape))
    print(f"{name:9}  {shape:6}  {largest:18.4f}  {difference:28.6f}")
