import torch.nn.functional as F


def cross_entropy(logits, targets):
    """Mean over the batch of -log(probability of the true class).

    With equal logits every class gets probability 1/10, so the loss is log(10):

    >>> cross_entropy(torch.zeros(1, 10), torch.tensor([3]))
    tensor(2.3026)
    """
    probabilities = softmax(logits)
    true_class_probabilities = probabilities[
        torch.arange(len(targets)), targets
    ]  # p_{i, y_i} for each row i
    return -torch.log(true_class_probabilities).mean()


with torch.no_grad():
    batch_logits = model(
        X_train_t[:5]
    )  # the untrained model on five training images
batch_targets = y_train_t[:5]

by_hand = cross_entropy(batch_logits, batch_targets)
pytorch = F.cross_entropy(batch_logits, batch_targets)
two_steps = F.nll_loss(F.log_softmax(batch_logits, dim=1), batch_targets)

print("targets:", batch_targets.tolist())
print(f"by hand:                  {by_hand.item():.6f}")
print(f"F.cross_entropy:          {pytorch.item():.6f}")
print(f"log_softmax + nll_loss:   {two_steps.item():.6f}")
