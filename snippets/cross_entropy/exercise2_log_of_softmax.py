# two classes; class 1, the true one, gets a very small probability
far_logits = torch.tensor([[0.0, -200.0]], requires_grad=True)
true_class_1 = torch.tensor([1])

two_ways = {
    "log(softmax(z))": torch.log(torch.softmax(far_logits, dim=1)),
    "log_softmax(z)": F.log_softmax(far_logits, dim=1),
}
print(f"{'':<16}{'log p_1':>9}{'loss':>8}  gradient of the loss")
for way, log_probabilities in two_ways.items():
    far_loss = F.nll_loss(log_probabilities, true_class_1)
    (far_gradient,) = torch.autograd.grad(far_loss, far_logits)
    print(
        f"{way:<16}{log_probabilities[0, 1].item():>9.1f}",
        f"{far_loss.item():>7.1f}  {far_gradient[0].tolist()}",
    )
