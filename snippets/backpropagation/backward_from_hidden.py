# Back-propagation started halfway: at the hidden activations H, with
# the gradient that the output layer sends back to them.
torch.manual_seed(0)
halfway_network = make_xor_network()  # the same random start, fresh .grad
hidden_activations = halfway_network[:2](xor_inputs)  # H, (n, 8)
with torch.no_grad():
    output_probabilities = torch.sigmoid(halfway_network(xor_inputs))
    delta = (output_probabilities - xor_labels) / len(xor_inputs)  # (n, 1)
    upstream = delta @ halfway_network[2].weight  # dL/dH, (n, 8)
hidden_activations.backward(gradient=upstream)

print("output layer reached:", halfway_network[2].weight.grad is not None)
for name, parameter, by_hand in zip(
    ["W1", "b1"], halfway_network[0].parameters(), gradients_by_hand[:2]
):
    difference = (parameter.grad - by_hand).abs().max()
    print(f"{name}: largest |.grad - by hand| = {difference:.2e}")
