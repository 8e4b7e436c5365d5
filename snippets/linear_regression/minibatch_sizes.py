BATCH_SIZES = [1000, 100, 10]
BATCH_EPOCHS = 5


def train_in_batches(batch_size, step_every=None):
    """Train a fresh line with SGD on shuffled mini-batches of batch_size.

    With step_every, a StepLR schedule divides the learning rate by 10
    every step_every epochs. Returns the loss on all the data at the start
    and after each epoch, and the learning rate each epoch used.
    """
    torch.manual_seed(42)  # the same starting line as in step 4
    line = LinearRegressionModel(INPUT_DIM, OUTPUT_DIM)
    line_optimizer = torch.optim.SGD(line.parameters(), lr=LEARNING_RATE)
    schedule = None
    if step_every is not None:
        schedule = torch.optim.lr_scheduler.StepLR(
            line_optimizer, step_size=step_every, gamma=0.1
        )
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
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

batch_losses = {size: train_in_batches(size)[0] for size in BATCH_SIZES}
print(f"lowest possible loss (least squares): {lowest_loss:.6f}")
print("loss minus the lowest, after ...")
print("batch size   steps per epoch     1 epoch   5 epochs")
for size, size_losses in batch_losses.items():
    above_1 = size_losses[1] - lowest_loss
    above_5 = size_losses[BATCH_EPOCHS] - lowest_loss
    steps = NUM_SAMPLES // size
    print(f"{size:10}   {steps:15}   {above_1:9.2e}   {above_5:8.2e}")
