def sigmoid(z):
    """The logistic sigmoid 1 / (1 + exp(-z)), element by element.

    >>> sigmoid(torch.tensor([-2.0, 0.0, 2.0]))
    tensor([0.1192, 0.5000, 0.8808])
    """
    return 1 / (1 + torch.exp(-z))


def softmax(logits):
    """Softmax over the last dimension: exponentiate, divide by the sum.

    Subtracting each row's largest logit first changes nothing
    mathematically, but keeps exp() from overflowing:

    >>> softmax(torch.tensor([[0.0, 0.0], [1000.0, 0.0]]))
    tensor([[0.5000, 0.5000],
            [1.0000, 0.0000]])
    """
    shifted = logits - logits.max(dim=-1, keepdim=True).values
    exponentials = torch.exp(shifted)
    return exponentials / exponentials.sum(dim=-1, keepdim=True)


example_logits = torch.tensor([[2.0, 1.0, 0.1], [-1.0, 0.0, 3.0]])
example_probabilities = softmax(example_logits)

print("softmax by hand:\n", example_probabilities)
print("torch.softmax:\n", torch.softmax(example_logits, dim=1))
print("row sums:", example_probabilities.sum(dim=1))
print("sigmoid by hand:", sigmoid(torch.tensor([-2.0, 0.0, 2.0])))
print("torch.sigmoid:  ", torch.sigmoid(torch.tensor([-2.0, 0.0, 2.0])))
