import math

logits_by_hand = [1.0, -0.5, 2.0]  # the logits of classes 0, 1 and 2
true_class = 2

total = sum(math.exp(z) for z in logits_by_hand)
p_by_hand = [math.exp(z) / total for z in logits_by_hand]  # the softmax
loss_by_hand = -math.log(p_by_hand[true_class])
# probability minus target, the target being 1 for the true class only
grad_by_hand = [p - (k == true_class) for k, p in enumerate(p_by_hand)]

logits_tensor = torch.tensor([logits_by_hand], requires_grad=True)
loss_pytorch = F.cross_entropy(logits_tensor, torch.tensor([true_class]))
loss_pytorch.backward()
grad_pytorch = logits_tensor.grad[0].tolist()

print("probabilities:   ", [round(p, 4) for p in p_by_hand])
print(f"loss by hand:     {loss_by_hand:.6f}")
print(f"F.cross_entropy:  {loss_pytorch.item():.6f}")
print("gradient by hand:", [round(g, 4) for g in grad_by_hand])
print("autograd:        ", [round(g, 4) for g in grad_pytorch])
