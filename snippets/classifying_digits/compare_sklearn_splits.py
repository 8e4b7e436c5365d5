NUM_SPLITS = 5  # validation splits, each with its own random start

# one row per split: the validation accuracy of PyTorch, of scikit-learn
split_accuracies = []
for split_seed in range(NUM_SPLITS):
    # a fifth of the training images, another fifth for every seed, is
    # held out for validation; the test images stay untouched
    split_fit, split_held_out = train_test_split(
        range(len(y_train)),
        test_size=0.2,
        stratify=y_train,
        random_state=split_seed,
    )
    torch.manual_seed(split_seed)  # the lesson's training, from another start
    split_model = LogisticRegressionModel(NUM_FEATURES, NUM_CLASSES)
    split_optimizer = torch.optim.SGD(
        split_model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
    )
    for split_step in range(NUM_EPOCHS):
        split_optimizer.zero_grad()
        split_loss = criterion(
            split_model(X_train_t[split_fit]), y_train_t[split_fit]
        )
        split_loss.backward()
        split_optimizer.step()
    with torch.no_grad():
        split_guesses = split_model(X_train_t[split_held_out]).argmax(dim=1)
    torch_accuracy = (split_guesses == y_train_t[split_held_out]).float()
    split_sklearn = LogisticRegression(max_iter=1000).fit(
        X_train[split_fit], y_train[split_fit]
    )
    split_accuracies.append(
        [
            torch_accuracy.mean().item(),
            split_sklearn.score(
                X_train[split_held_out], y_train[split_held_out]
            ),
        ]
    )
split_accuracies = 100 * torch.tensor(split_accuracies)  # in percent

print(f"validation accuracy over {NUM_SPLITS} splits, mean +- std:")
for split_name, column in zip(["PyTorch", "scikit-learn"], split_accuracies.T):
    print(f"  {split_name:<13}{column.mean():6.2f}% +- {column.std():.2f}")
torch_lead = split_accuracies[:, 0] - split_accuracies[:, 1]
print(
    f"PyTorch minus scikit-learn: {torch_lead.mean():+.2f} +- "
    f"{torch_lead.std():.2f} points, from {torch_lead.min():+.2f}"
    f" to {torch_lead.max():+.2f}"
)
