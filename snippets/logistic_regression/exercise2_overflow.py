huge_logits = torch.tensor([[1000.0, 0.0]])  # a very confident model
far_logits = torch.tensor([[0.0, -200.0]])  # class 1 is very unlikely

# the softmax straight from its formula, without the shift
naive = torch.exp(huge_logits) / torch.exp(huge_logits).sum(dim=1)
print("exp(1000) in float32:   ", torch.exp(huge_logits)[0, 0].item())
print("softmax without shift:  ", naive[0].tolist())
print("softmax with the shift: ", softmax(huge_logits)[0].tolist())

# the log-probability of class 1, in two steps and in one
log_of_softmax = torch.log(torch.softmax(far_logits, dim=1))
print("log(softmax(z)) of class 1:", log_of_softmax[0, 1].item())
print("log_softmax(z) of class 1: ", F.log_softmax(far_logits, 1)[0, 1].item())
