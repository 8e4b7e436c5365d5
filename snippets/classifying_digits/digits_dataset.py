from torch.utils.data import Dataset


class DigitsDataset(Dataset):
    """The digits, one (image, label) pair at a time.

    >>> len(DigitsDataset(X_test_t, y_test_t))
    360
    """

    def __init__(self, images, labels):
        self.images = images
        self.labels = labels

    def __len__(self):  # how many examples there are
        return len(self.labels)

    def __getitem__(self, index):  # the example at position index
        return self.images[index], self.labels[index]


train_dataset = DigitsDataset(X_train_t, y_train_t)
image, label = train_dataset[0]
print("examples:", len(train_dataset))
print("example 0: image", tuple(image.shape), image.dtype, "label", label)
