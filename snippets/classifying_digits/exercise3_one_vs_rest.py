import torch.nn.functional as F

# The mean over n images and 10 labels gives each logit the gradient
# (sigmoid(z) - y) / (10 n); the cross-entropy's mean gives (p - y) / n.
torch.manual_seed(0)
some_logits = torch.randn(4, NUM_CLASSES, requires_grad=True)  # n = 4
some_targets = F.one_hot(torch.tensor([0, 3, 5, 9]), NUM_CLASSES).float()
nn.BCEWithLogitsLoss()(some_logits, some_targets).backward()
bce_expected = (torch.sigmoid(some_logits) - some_targets) / (NUM_CLASSES * 4)
same_gradient = torch.allclose(some_logits.grad, bce_expected.detach())
print("BCE's gradient is (sigmoid(z) - y) / (10 n):", same_gradient)


def train_one_vs_rest(images, labels, learning_rate, seed):
    """Train the lesson's model with ten sigmoids and BCE, as exercise 1."""
    torch.manual_seed(seed)
    readout = LogisticRegressionModel(NUM_FEATURES, NUM_CLASSES)
    readout_optimizer = torch.optim.SGD(
        readout.parameters(), lr=learning_rate, momentum=MOMENTUM
    )
    targets = F.one_hot(labels, NUM_CLASSES).float()  # ten yes/no each
    for _ in range(NUM_EPOCHS):
        readout_optimizer.zero_grad()
        nn.BCEWithLogitsLoss()(readout(images), targets).backward()
        readout_optimizer.step()
    return readout


one_vs_rest_rates = {  # the lesson's rate, and ten times it
    "one-vs-rest, lr 0.1": LEARNING_RATE,
    "one-vs-rest, lr 1.0": LEARNING_RATE * NUM_CLASSES,
}
# for each rate, one row per split: validation accuracy, the smallest
# and largest sum of an image's ten sigmoids, the mean distance of the
# sums from 1, and the images with no digit and with two or more on
readout_results = {setting: [] for setting in one_vs_rest_rates}
for seed in range(NUM_SPLITS):  # the splits and starts of exercise 1
    fit_index, validation_index = train_test_split(
        range(len(y_train)), test_size=0.2, stratify=y_train, random_state=seed
    )
    held_out_x = X_train_t[validation_index]
    held_out_y = y_train_t[validation_index]
    for setting, rate in one_vs_rest_rates.items():
        readout = train_one_vs_rest(
            X_train_t[fit_index], y_train_t[fit_index], rate, seed
        )
        with torch.no_grad():
            held_out_logits = readout(held_out_x)
        sigmoid_sums = torch.sigmoid(held_out_logits).sum(dim=1)
        digits_on = (held_out_logits > 0).sum(dim=1)  # sigmoid above 0.5
        held_out_right = held_out_logits.argmax(dim=1) == held_out_y
        readout_results[setting].append(
            [
                held_out_right.float().mean().item(),
                sigmoid_sums.min().item(),
                sigmoid_sums.max().item(),
                (sigmoid_sums - 1).abs().mean().item(),
                (digits_on == 0).sum().item(),
                (digits_on > 1).sum().item(),
            ]
        )
readout_table = {
    setting: torch.tensor(rows) for setting, rows in readout_results.items()
}

print(f"{'':20}{'validation':>16}{'sum of the ten sigmoids':>26}", end="")
print(f"{'images with':>14}")
means_over = f"means over {NUM_SPLITS} splits"
print(f"{means_over:<20}{'accuracy +- std':>16}{'range':>14}", end="")
print(f"{'|sum - 1|':>12}{'none / 2+ on':>14}")
# the softmax model with the lesson's rate: exercise 1's middle row
softmax_accuracies = rate_table[LEARNING_RATE][:, 4]
softmax_text = (
    f"{softmax_accuracies.mean():.2%} +- {softmax_accuracies.std():.2%}"
)
print(f"{'softmax, lr 0.1':<20}{softmax_text:>16}")
for setting, rows in readout_table.items():
    accuracy_mean, low, high, distance, none, several = rows.mean(dim=0)
    accuracy_text = f"{accuracy_mean:.2%} +- {rows[:, 0].std():.2%}"
    low, high = rows[:, 1].min(), rows[:, 2].max()  # over all splits
    print(
        f"{setting:<20}{accuracy_text:>16}{f'{low:.2f} to {high:.2f}':>14}",
        f"{distance:12.2f}{f'{none:.1f} / {several:.1f}':>14}",
        sep="",
    )
for setting in one_vs_rest_rates:
    lead = 100 * (softmax_accuracies - readout_table[setting][:, 0])
    print(
        f"softmax minus {setting}: {lead.mean():+.2f} +- {lead.std():.2f}",
        f"points, ahead on {(lead > 0).sum()} of {NUM_SPLITS}",
    )
