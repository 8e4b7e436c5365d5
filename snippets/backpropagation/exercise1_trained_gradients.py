trained_loss = nn.BCEWithLogitsLoss()(xor_network(xor_inputs), xor_labels)
# autograd.grad returns the gradients and leaves the network's .grad alone
trained_autograd = torch.autograd.grad(
    trained_loss, list(xor_network.parameters())
)
trained_by_hand = xor_gradients_by_hand(xor_network, xor_inputs, xor_labels)

print(f"loss of the trained network: {trained_loss.item():.2e}")
print("parameter  largest |gradient|  largest |by hand - autograd|")
for trained_name, trained_auto, trained_mine in zip(
    ["W1", "b1", "W2", "b2"], trained_autograd, trained_by_hand
):
    trained_largest = trained_auto.abs().max()
    trained_difference = (trained_mine - trained_auto).abs().max()
    print(
        f"{trained_name:9}  {trained_largest:18.1e}  "
        f"{trained_difference:28.1e}"
    )
