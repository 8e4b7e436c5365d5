torch.manual_seed(0)
# the parameters live on the device
model = FeedforwardNeuralNetModel(INPUT_DIM, HIDDEN_DIM, OUTPUT_DIM)
model = model.to(device)
optimizer = torch.optim.SGD(
    model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
)
shuffle_generator.manual_seed(0)  # the same batches as in step 7

for epoch in range(NUM_EPOCHS):
    for images, labels in train_loader:
        # so does each batch
        images, labels = images.to(device), labels.to(device)
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()

device_accuracy = accuracy(
    model, test_images.to(device), test_labels.to(device)
)
print("trained on", device)
print(f"test accuracy: {device_accuracy:.2%}")
