from torch.utils.data import DataLoader, TensorDataset

BATCH_SIZE = NUM_SAMPLES  # full batch: every step sees all the data

dataset = TensorDataset(x, y)
train_loader = DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=False)

x_batch, y_batch = next(iter(train_loader))
print("samples:", len(dataset))
print("batches per epoch:", len(train_loader))
print("one batch:", tuple(x_batch.shape), tuple(y_batch.shape))
