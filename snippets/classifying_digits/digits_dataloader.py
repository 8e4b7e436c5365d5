from torch.utils.data import DataLoader

BATCH_SIZE = 64

train_loader = DataLoader(
    train_dataset,
    batch_size=BATCH_SIZE,
    shuffle=True,  # a new random order in every epoch...
    generator=torch.Generator().manual_seed(0),  # ...the same on every run
)
print("batches per epoch:", len(train_loader))
print("dataset order, labels:", y_train_t[:12].tolist())

epoch_images = []  # all the images of each epoch, in the order served
for epoch in range(1, 3):
    batches = list(train_loader)  # one pass over the data: [(x, y), ...]
    first_images, first_labels = batches[0]
    print(f"epoch {epoch}, first labels:", first_labels[:12].tolist())
    epoch_images.append(torch.cat([images for images, _ in batches]))

sizes = [len(labels) for _, labels in batches]
num_full = sizes.count(BATCH_SIZE)
print("one batch: images", tuple(first_images.shape), end=" ")
print("labels", tuple(first_labels.shape))
print(f"batch sizes: {num_full} of {BATCH_SIZE}, then one of {sizes[-1]}")
print("images per epoch:", [len(images) for images in epoch_images])
