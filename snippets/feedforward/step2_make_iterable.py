import torch
from torch.utils.data import DataLoader, TensorDataset

BATCH_SIZE = 32

# one row of 64 pixel values per image; the loss wants class labels
# as integers (int64)
train_images = torch.tensor(X_train, dtype=torch.float32)
train_labels = torch.tensor(y_train, dtype=torch.int64)
test_images = torch.tensor(X_test, dtype=torch.float32)
test_labels = torch.tensor(y_test, dtype=torch.int64)

# a new order each epoch, the same orders on every run
shuffle_generator = torch.Generator().manual_seed(0)
train_loader = DataLoader(
    TensorDataset(train_images, train_labels),
    batch_size=BATCH_SIZE,
    shuffle=True,
    generator=shuffle_generator,
)

print("train_images:", tuple(train_images.shape), train_images.dtype)
print("train_labels:", tuple(train_labels.shape), train_labels.dtype)
print("batches per epoch:", len(train_loader))
