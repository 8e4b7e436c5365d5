LABEL_NAMES = ["is even", "is greater than 4"]


def multilabel_targets(digit_labels):
    """Two yes/no labels per image, as floats (as binary cross-entropy
    expects).

    >>> multilabel_targets(torch.tensor([0, 3, 6, 9]))
    tensor([[1., 0.],
            [0., 0.],
            [1., 1.],
            [0., 1.]])
    """
    is_even = digit_labels % 2 == 0
    is_greater_than_4 = digit_labels > 4
    return torch.stack([is_even, is_greater_than_4], dim=1).float()


Y_train_multi = multilabel_targets(y_train_t)
Y_test_multi = multilabel_targets(y_test_t)

all_digits = torch.arange(NUM_CLASSES)
print(f"{'digit':<18}", " ".join(str(d) for d in all_digits.tolist()))
for name, column in zip(LABEL_NAMES, multilabel_targets(all_digits).T):
    print(f"{name:<18}", " ".join(str(int(v)) for v in column.tolist()))
labels_on = Y_train_multi.sum(dim=1).long()
labels_per_image = torch.bincount(labels_on, minlength=3).tolist()
print("training images with 0, 1 and 2 labels on:", labels_per_image)
