SCHEDULE_BATCH = 10
STEP_EVERY = 2  # epochs between two divisions of the learning rate by 10

fixed_losses = batch_losses[SCHEDULE_BATCH]  # the run above, η fixed
scheduled_losses, scheduled_rates = train_in_batches(
    SCHEDULE_BATCH, step_every=STEP_EVERY
)
print(f"batches of {SCHEDULE_BATCH}; loss minus the lowest after each epoch")
print("epoch   fixed η   loss - lowest   StepLR η   loss - lowest")
for epoch_number, rate in enumerate(scheduled_rates, start=1):
    above_fixed = fixed_losses[epoch_number] - lowest_loss
    above_scheduled = scheduled_losses[epoch_number] - lowest_loss
    print(
        f"{epoch_number:5}   {LEARNING_RATE:7g}   {above_fixed:13.2e}"
        f"   {rate:8g}   {above_scheduled:13.2e}"
    )
