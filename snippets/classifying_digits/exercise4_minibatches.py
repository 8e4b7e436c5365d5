NUM_PASSES = 10  # epochs over the fit images, in mini-batches


def train_minibatches(images, labels, seed):
    """Train from the lesson's kind of start on shuffled mini-batches."""
    torch.manual_seed(seed)  # the same start as train_full_batch's
    minibatch_model = LogisticRegressionModel(NUM_FEATURES, NUM_CLASSES)
    minibatch_optimizer = torch.optim.SGD(
        minibatch_model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
    )
    loader = DataLoader(
        DigitsDataset(images, labels),
        batch_size=BATCH_SIZE,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    num_steps = 0
    for _ in range(NUM_PASSES):
        for x_batch, y_batch in loader:  # a new order in every pass
            minibatch_optimizer.zero_grad()
            batch_loss = criterion(minibatch_model(x_batch), y_batch)
            batch_loss.backward()
            minibatch_optimizer.step()
            num_steps += 1
    return minibatch_model, num_steps


def fit_loss_and_accuracy(trained, fit_x, fit_y, held_out_x, held_out_y):
    """The loss on the fit images and the validation accuracy."""
    with torch.no_grad():
        fit_loss = criterion(trained(fit_x), fit_y).item()
    return fit_loss, accuracy(trained, held_out_x, held_out_y)


# one row per split: fit loss and validation accuracy, full batch (the
# lesson's 200 steps) and mini-batches (ten passes)
batch_results = []
for seed in range(NUM_SPLITS):  # the splits and starts of exercise 1
    fit_index, validation_index = train_test_split(
        range(len(y_train)), test_size=0.2, stratify=y_train, random_state=seed
    )
    fit_x, fit_y = X_train_t[fit_index], y_train_t[fit_index]
    held_out_x = X_train_t[validation_index]
    held_out_y = y_train_t[validation_index]
    full_model, _ = train_full_batch(fit_x, fit_y, LEARNING_RATE, seed)
    minibatch_model, num_steps = train_minibatches(fit_x, fit_y, seed)
    batch_results.append(
        [
            *fit_loss_and_accuracy(
                full_model, fit_x, fit_y, held_out_x, held_out_y
            ),
            *fit_loss_and_accuracy(
                minibatch_model, fit_x, fit_y, held_out_x, held_out_y
            ),
        ]
    )
batch_table = torch.tensor(batch_results)

print(f"means over {NUM_SPLITS} splits", end=" ")
print(f"({len(fit_y)} fit images, batches of {BATCH_SIZE}):")
print(f"{'':<20}{'steps':>6}{'passes':>7}{'fit loss':>17}{'validation':>18}")
compared = {
    "full batch (lesson)": (NUM_EPOCHS, NUM_EPOCHS, batch_table[:, :2]),
    "mini-batches": (num_steps, NUM_PASSES, batch_table[:, 2:]),
}
for setting, (steps, passes, rows) in compared.items():
    (mean_loss, mean_accuracy), (loss_std, accuracy_std) = (
        rows.mean(dim=0),
        rows.std(dim=0),
    )
    print(
        f"{setting:<20}{steps:>6}{passes:>7}",
        f"{mean_loss:.4f} +- {loss_std:.4f}",
        f"{mean_accuracy:.2%} +- {accuracy_std:.2%}",
    )
accuracy_gain = 100 * (batch_table[:, 3] - batch_table[:, 1])
print(
    f"mini-batches minus full batch, validation: {accuracy_gain.mean():+.2f}",
    f"+- {accuracy_gain.std():.2f} points",
)
