NUM_PASSES = 10  # epochs over the training set, in mini-batches

torch.manual_seed(0)  # the same starting weights as the lesson's model
minibatch_model = LogisticRegressionModel(NUM_FEATURES, NUM_CLASSES)
minibatch_optimizer = torch.optim.SGD(
    minibatch_model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
)
num_steps = 0
for _ in range(NUM_PASSES):
    for x_batch, y_batch in train_loader:  # a new order in every pass
        minibatch_optimizer.zero_grad()
        batch_loss = criterion(minibatch_model(x_batch), y_batch)
        batch_loss.backward()
        minibatch_optimizer.step()
        num_steps += 1


def loss_and_accuracy(trained):
    """Training loss and test accuracy of a trained model."""
    with torch.no_grad():
        train_loss = criterion(trained(X_train_t), y_train_t).item()
        correct = trained(X_test_t).argmax(dim=1) == y_test_t
    return train_loss, correct.float().mean().item()


compared = {
    "full batch (lesson)": (model, NUM_EPOCHS, NUM_EPOCHS),
    f"mini-batches of {BATCH_SIZE}": (minibatch_model, num_steps, NUM_PASSES),
}
print(f"{'':<20}{'steps':>6}{'passes':>7}{'train loss':>11}{'test':>8}")
for setting, (trained, steps, passes) in compared.items():
    train_loss, accuracy = loss_and_accuracy(trained)
    print(
        f"{setting:<20}{steps:>6}{passes:>7}{train_loss:>11.4f}{accuracy:>8.2%}"
    )
