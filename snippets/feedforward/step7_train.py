NUM_EPOCHS = 30


def accuracy(model, images, labels):
    """The fraction of images whose largest logit is at the true label.

    >>> identity = nn.Identity()  # a "model" whose logits are its inputs
    >>> logits = torch.tensor([[2.0, 1.0], [0.0, 3.0]])
    >>> accuracy(identity, logits, torch.tensor([0, 0]))
    0.5
    """
    was_training = model.training
    model.eval()  # evaluation behaviour for layers such as dropout
    with torch.no_grad():  # evaluation needs no gradients
        predictions = model(images).argmax(dim=1)
    model.train(was_training)  # back to the mode it was in
    return (predictions == labels).float().mean().item()


for epoch in range(1, NUM_EPOCHS + 1):
    epoch_loss = 0.0
    for images, labels in train_loader:
        optimizer.zero_grad()  # gradients add up unless cleared
        logits = model(images)  # forward pass: (32, 64) -> (32, 10)
        loss = criterion(logits, labels)
        loss.backward()  # back-propagation through fc2, ReLU and fc1
        optimizer.step()
        epoch_loss += loss.item() * len(labels)
    if epoch % 10 == 0:
        mean_loss = epoch_loss / len(train_labels)
        train_accuracy = accuracy(model, train_images, train_labels)
        print(
            f"epoch {epoch:2d}  loss {mean_loss:.4f}"
            f"  train accuracy {train_accuracy:.2%}"
        )

test_accuracy = accuracy(model, test_images, test_labels)
print(f"test accuracy: {test_accuracy:.2%}")
