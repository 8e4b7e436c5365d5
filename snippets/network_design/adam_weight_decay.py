ADAM_LEARNING_RATE = 0.01
ADAM_STEPS = 10
# the loss g . w has the gradient g: it pushes on the second weight only
LOSS_GRADIENT = torch.tensor([0.0, 10.0])


def weights_after(optimizer_class, weight_decay, l2_in_loss=0.0):
    """Two weights, both starting at 1, after ADAM_STEPS steps."""
    weights = torch.ones(2, requires_grad=True)
    optimizer = optimizer_class(
        [weights], lr=ADAM_LEARNING_RATE, weight_decay=weight_decay
    )
    for step in range(ADAM_STEPS):
        optimizer.zero_grad()
        loss = (LOSS_GRADIENT * weights).sum()
        loss = loss + l2_in_loss / 2 * weights.pow(2).sum()
        loss.backward()
        optimizer.step()
    return weights.detach()


# Adam's weight_decay takes the same steps as the L2 penalty in the loss
by_option = weights_after(torch.optim.Adam, weight_decay=0.1)
by_loss = weights_after(torch.optim.Adam, weight_decay=0.0, l2_in_loss=0.1)
print("Adam with weight_decay=0.1:     ", [f"{w:.6f}" for w in by_option])
print("Adam with 0.1 / 2 * |w|^2 added:", [f"{w:.6f}" for w in by_loss])

print(f"the weights after {ADAM_STEPS} steps from 1, lr {ADAM_LEARNING_RATE}")
print("optimizer  weight_decay  loss gradient 0  loss gradient 10")
for optimizer_class, weight_decay in [
    (torch.optim.Adam, 0.0),
    (torch.optim.Adam, 0.01),
    (torch.optim.Adam, 0.1),
    (torch.optim.AdamW, 0.01),
    (torch.optim.AdamW, 0.1),
]:
    weights = weights_after(optimizer_class, weight_decay)
    print(
        f"{optimizer_class.__name__:9}  {weight_decay:12g}"
        f"  {weights[0]:15.4f}  {weights[1]:16.4f}"
    )
