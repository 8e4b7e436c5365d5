def train_full_batch(learning_rate):
    """Train a fresh model exactly as above, with another learning rate.

    Returns the training loss after 10 and after all steps, the size of
    the learned weights, and the training and test accuracies.
    """
    torch.manual_seed(0)  # the same starting weights as the lesson's model
    candidate = LogisticRegressionModel(NUM_FEATURES, NUM_CLASSES)
    candidate_optimizer = torch.optim.SGD(
        candidate.parameters(), lr=learning_rate, momentum=MOMENTUM
    )
    candidate_losses = []
    for _ in range(NUM_EPOCHS):
        candidate_optimizer.zero_grad()
        candidate_loss = criterion(candidate(X_train_t), y_train_t)
        candidate_loss.backward()
        candidate_optimizer.step()
        candidate_losses.append(candidate_loss.item())
    with torch.no_grad():
        train_right = candidate(X_train_t).argmax(dim=1) == y_train_t
        test_right = candidate(X_test_t).argmax(dim=1) == y_test_t
    return (
        candidate_losses[9],
        candidate_losses[-1],
        candidate.linear.weight.norm().item(),
        train_right.float().mean().item(),
        test_right.float().mean().item(),
    )


rate_results = {
    rate: train_full_batch(rate)
    for rate in [LEARNING_RATE / 10, LEARNING_RATE, LEARNING_RATE * 10]
}

print("           loss after                 accuracy")
print("   lr   10 steps 200 steps    |W|    train    test")
for rate, (early, final, norm, train_acc, test_acc) in rate_results.items():
    print(
        f"{rate:5.2f}  {early:9.4f} {final:9.4f}  {norm:5.1f}",
        f" {train_acc:7.2%} {test_acc:7.2%}",
    )
