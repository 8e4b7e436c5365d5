import torch.nn.functional as F

torch.manual_seed(0)
one_vs_rest = nn.Linear(NUM_FEATURES, NUM_CLASSES)  # a logit per digit
one_hot_train = F.one_hot(y_train_t, NUM_CLASSES).float()  # 10 yes/no
one_vs_rest_criterion = nn.BCEWithLogitsLoss()
one_vs_rest_optimizer = torch.optim.SGD(
    one_vs_rest.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
)
for _ in range(NUM_EPOCHS):
    one_vs_rest_optimizer.zero_grad()
    bce = one_vs_rest_criterion(one_vs_rest(X_train_t), one_hot_train)
    bce.backward()
    one_vs_rest_optimizer.step()

with torch.no_grad():
    digit_logits = one_vs_rest(X_test_t)
digit_probabilities = torch.sigmoid(digit_logits)  # each on its own
probability_sums = digit_probabilities.sum(dim=1)
digits_switched_on = (digit_probabilities > 0.5).sum(dim=1)
largest_is_right = digit_logits.argmax(dim=1) == y_test_t
one_vs_rest_accuracy = largest_is_right.float().mean().item()

print(
    f"sum of an image's ten probabilities: from {probability_sums.min():.2f}",
    f"to {probability_sums.max():.2f}",
)
print(
    f"test images with no digit on: {(digits_switched_on == 0).sum()},",
    f"with two or more: {(digits_switched_on > 1).sum()}",
)
print(f"largest logit is the true digit: {one_vs_rest_accuracy:.2%}")
print(f"the softmax model of the lesson:  {test_accuracy:.2%}")
