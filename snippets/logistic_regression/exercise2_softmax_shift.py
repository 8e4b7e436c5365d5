# the same constant added to every logit
shifted_logits = example_logits + 100
same_probabilities = torch.allclose(
    softmax(shifted_logits), example_probabilities
)
print("softmax unchanged by adding 100:", same_probabilities)

huge_logits = torch.tensor([[1000.0, 0.0]])  # a very confident model
# the softmax straight from its formula, without the shift
naive = torch.exp(huge_logits) / torch.exp(huge_logits).sum(dim=1)
print("exp(1000) in float32:   ", torch.exp(huge_logits)[0, 0].item())
print("softmax without shift:  ", naive[0].tolist())
print("softmax with the shift: ", softmax(huge_logits)[0].tolist())
