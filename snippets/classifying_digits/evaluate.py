with torch.no_grad():  # evaluation needs no gradients
    # the predicted class is the one with the largest logit
    train_predictions = model(X_train_t).argmax(dim=1)
    test_predictions = model(X_test_t).argmax(dim=1)

train_accuracy = (train_predictions == y_train_t).float().mean().item()
test_accuracy = (test_predictions == y_test_t).float().mean().item()
num_correct = (test_predictions == y_test_t).sum().item()

print(f"training accuracy: {train_accuracy:.2%}")
print(
    f"test accuracy:     {test_accuracy:.2%}",
    f"({num_correct} of {len(y_test_t)} test images)",
)
