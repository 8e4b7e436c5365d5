from sklearn.model_selection import train_test_split

# NUM_SPLITS, five, is the lesson's: the splits of its comparison with
# scikit-learn, each with its own random start

rates = [LEARNING_RATE / 10, LEARNING_RATE, LEARNING_RATE * 10]


def train_full_batch(images, labels, learning_rate, seed):
    """Train a fresh model as the lesson does, with another rate and start.

    Returns the model and its training loss at every step.
    """
    torch.manual_seed(seed)
    candidate = LogisticRegressionModel(NUM_FEATURES, NUM_CLASSES)
    candidate_optimizer = torch.optim.SGD(
        candidate.parameters(), lr=learning_rate, momentum=MOMENTUM
    )
    candidate_losses = []
    for _ in range(NUM_EPOCHS):
        candidate_optimizer.zero_grad()
        candidate_loss = criterion(candidate(images), labels)
        candidate_loss.backward()
        candidate_optimizer.step()
        candidate_losses.append(candidate_loss.item())
    return candidate, candidate_losses


def accuracy(trained, images, labels):
    with torch.no_grad():
        right = trained(images).argmax(dim=1) == labels
    return right.float().mean().item()


# for each rate, one row per split: the loss after 10 and after all
# steps, the size of W, the accuracy on the fit and validation images
rate_results = {rate: [] for rate in rates}
for seed in range(NUM_SPLITS):
    # a fifth of the training images, another fifth for every seed, is
    # held out for validation; the test images stay untouched
    fit_index, validation_index = train_test_split(
        range(len(y_train)), test_size=0.2, stratify=y_train, random_state=seed
    )
    fit_x, fit_y = X_train_t[fit_index], y_train_t[fit_index]
    held_out_x = X_train_t[validation_index]
    held_out_y = y_train_t[validation_index]
    for rate in rates:
        candidate, candidate_losses = train_full_batch(
            fit_x, fit_y, rate, seed
        )
        rate_results[rate].append(
            [
                candidate_losses[9],
                candidate_losses[-1],
                candidate.linear.weight.norm().item(),
                accuracy(candidate, fit_x, fit_y),
                accuracy(candidate, held_out_x, held_out_y),
            ]
        )
rate_table = {rate: torch.tensor(rows) for rate, rows in rate_results.items()}

print(f"means over {NUM_SPLITS} splits:")
print("         loss after               accuracy")
print("   lr   10 steps  200 steps   |W|     fit  validation +- std")
for rate, rows in rate_table.items():
    early, final, norm, fit, validation = rows.mean(dim=0).tolist()
    spread = rows[:, 4].std().item()
    print(
        f"{rate:5.2f}  {early:9.4f}  {final:9.4f} {norm:5.1f} {fit:7.2%}",
        f"    {validation:7.2%} +- {spread:.2%}",
    )
lesson_validation = rate_table[LEARNING_RATE][:, 4]
for rate in [LEARNING_RATE / 10, LEARNING_RATE * 10]:
    lead = 100 * (lesson_validation - rate_table[rate][:, 4])
    print(
        f"lr {LEARNING_RATE} minus lr {rate}, validation: {lead.mean():+.2f}",
        f"+- {lead.std():.2f} points, ahead on {(lead > 0).sum()} of",
        NUM_SPLITS,
    )
