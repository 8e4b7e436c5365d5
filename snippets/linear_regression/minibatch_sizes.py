BATCH_SIZES = [1000, 100, 10]
BATCH_EPOCHS = 5
SHUFFLE_SEEDS = [0, 1, 2, 3, 4]  # five different orders of the batches


def train_in_batches(batch_size, shuffle_seed, step_every=None):
    """Train a fresh line with SGD on shuffled mini-batches of batch_size.

    shuffle_seed seeds the order in which the DataLoader deals the
    samples. With step_every, a StepLR schedule divides the learning rate
    by 10 every step_every epochs. Returns the loss on all the data at the
    start and after each epoch, and the learning rate each epoch used.
    """
    torch.manual_seed(42)  # the same starting line as in step 4
    line = LinearRegressionModel(INPUT_DIM, OUTPUT_DIM)
    line_optimizer = torch.optim.SGD(line.parameters(), lr=LEARNING_RATE)
    schedule = None
    if step_every is not None:
        schedule = torch.optim.lr_scheduler.StepLR(
            line_optimizer, step_size=step_every, gamma=0.1
        )
    shuffler = torch.Generator().manual_seed(shuffle_seed)
    loader = DataLoader(
        dataset, batch_size=batch_size, shuffle=True, generator=shuffler
    )
    with torch.no_grad():
        epoch_losses = [criterion(line(x), y).item()]
    epoch_rates = []
    for _ in range(BATCH_EPOCHS):
        epoch_rates.append(line_optimizer.param_groups[0]["lr"])
        for x_batch, y_batch in loader:
            line_optimizer.zero_grad()
            criterion(line(x_batch), y_batch).backward()
            line_optimizer.step()
        if schedule is not None:
            schedule.step()  # once per epoch, after the optimizer's steps
        with torch.no_grad():
            epoch_losses.append(criterion(line(x), y).item())
    return epoch_losses, epoch_rates


# the lowest loss any line reaches on these data: the least-squares line's
with torch.no_grad():
    lowest_loss = criterion(design @ solution, y).item()

# for each batch size, one row per seed: (loss - lowest) after each epoch
above_lowest = {
    size: torch.tensor(
        [train_in_batches(size, seed)[0] for seed in SHUFFLE_SEEDS]
    )
    - lowest_loss
    for size in BATCH_SIZES
}
print(f"lowest possible loss (least squares): {lowest_loss:.6f}")
print(f"loss minus the lowest, mean ± std over {len(SHUFFLE_SEEDS)} seeds")
print("batch size   steps/epoch            1 epoch             5 epochs")
for size, above in above_lowest.items():
    after_1, after_5 = above[:, 1], above[:, BATCH_EPOCHS]
    steps = NUM_SAMPLES // size
    print(
        f"{size:10}   {steps:11}"
        f"   {after_1.mean():.2e} ± {after_1.std():.1e}"
        f"   {after_5.mean():.2e} ± {after_5.std():.1e}"
    )
