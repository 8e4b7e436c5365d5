# the same number, 100, added to every logit
logits_plus_100 = example_logits + 100
same_probabilities = torch.allclose(
    softmax(logits_plus_100), example_probabilities
)
print("softmax unchanged by adding 100:", same_probabilities)
print("exp of the logits + 100:", torch.exp(logits_plus_100)[0].tolist())

huge_logits = torch.tensor([[1000.0, 0.0]])  # a very confident model
# the softmax straight from its formula, without subtracting the largest
naive = torch.exp(huge_logits) / torch.exp(huge_logits).sum(dim=1)
print("exp(1000) in float32:       ", torch.exp(huge_logits)[0, 0].item())
print("softmax, formula as written:", naive[0].tolist())
print("softmax, largest subtracted:", softmax(huge_logits)[0].tolist())
