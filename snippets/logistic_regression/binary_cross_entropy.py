import torch.nn.functional as F


def binary_cross_entropy(p, y):
    """Mean over the samples of -(y log p + (1 - y) log(1 - p)).

    A probability of 0.5 costs log 2, whatever the label:

    >>> binary_cross_entropy(torch.tensor([0.5]), torch.tensor([0.0]))
    tensor(0.6931)
    """
    per_sample = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))
    return per_sample.mean()


bce_logits = torch.tensor([2.0, -1.0, 0.5, 3.0])  # one logit per sample
bce_labels = torch.tensor([1.0, 0.0, 0.0, 0.0])  # the labels, as floats
bce_probabilities = torch.sigmoid(bce_logits)  # p = sigma(z), of class 1
# each sample pays -log of the probability given to its true label
true_label_probabilities = torch.where(
    bce_labels == 1, bce_probabilities, 1 - bce_probabilities
)

bce_by_hand = binary_cross_entropy(bce_probabilities, bce_labels)
bce_pytorch = F.binary_cross_entropy(bce_probabilities, bce_labels)
bce_from_logits = F.binary_cross_entropy_with_logits(bce_logits, bce_labels)

print("p:                  ", bce_probabilities)
print("p of the true label:", true_label_probabilities)
print("-log of that:       ", -torch.log(true_label_probabilities))
print(f"mean, by hand:                      {bce_by_hand.item():.6f}")
print(f"F.binary_cross_entropy:             {bce_pytorch.item():.6f}")
print(f"F.binary_cross_entropy_with_logits: {bce_from_logits.item():.6f}")
