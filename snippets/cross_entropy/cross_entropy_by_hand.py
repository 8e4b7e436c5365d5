import torch.nn.functional as F


def cross_entropy(logits, targets):
    """Mean over the batch of -log(probability of the true class).

    Equal logits give every class 1/10, so the loss is log(10):

    >>> cross_entropy(torch.zeros(1, 10), torch.tensor([3]))
    tensor(2.3026)
    """
    probabilities = softmax(logits)
    rows = torch.arange(len(targets))
    true_class_probabilities = probabilities[rows, targets]  # p_{i, y_i}
    return -torch.log(true_class_probabilities).mean()


with torch.no_grad():  # the untrained model on five training images
    batch_logits = model(X_train_t[:5])
batch_targets = y_train_t[:5]

by_hand = cross_entropy(batch_logits, batch_targets)
pytorch = F.cross_entropy(batch_logits, batch_targets)
two_steps = F.nll_loss(F.log_softmax(batch_logits, dim=1), batch_targets)

print("targets:", batch_targets.tolist())
print(f"by hand:                  {by_hand.item():.6f}")
print(f"F.cross_entropy:          {pytorch.item():.6f}")
print(f"log_softmax + nll_loss:   {two_steps.item():.6f}")
