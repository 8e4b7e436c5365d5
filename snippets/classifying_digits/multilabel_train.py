torch.manual_seed(0)
multilabel_model = nn.Linear(NUM_FEATURES, len(LABEL_NAMES))  # a logit each
# a sigmoid and a binary cross-entropy for each label
multilabel_criterion = nn.BCEWithLogitsLoss()
multilabel_optimizer = torch.optim.SGD(
    multilabel_model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
)

for epoch in range(NUM_EPOCHS):
    multilabel_optimizer.zero_grad()
    loss = multilabel_criterion(multilabel_model(X_train_t), Y_train_multi)
    loss.backward()
    multilabel_optimizer.step()

with torch.no_grad():
    # logit > 0 means sigmoid > 0.5: the label is switched on
    multilabel_predictions = (multilabel_model(X_test_t) > 0).float()
right = multilabel_predictions == Y_test_multi
per_label_accuracy = right.float().mean(dim=0)
both_right = right.all(dim=1).float().mean().item()
# the same two questions answered from the 10-class model's digit
from_digit = multilabel_targets(test_predictions) == Y_test_multi
from_digit_accuracy = from_digit.float().mean(dim=0)

print(f"final training loss: {loss.item():.4f}")
print(f"{'label':<20}{'multilabel model':>18}{'from the digit':>16}")
for name, direct, derived in zip(
    LABEL_NAMES, per_label_accuracy.tolist(), from_digit_accuracy.tolist()
):
    print(f"{name:<20}{direct:>18.2%}{derived:>16.2%}")
print(f"both labels right: {both_right:.2%}")
