SCHEDULE_BATCH = 10
STEP_EVERY = 2  # epochs between two divisions of the learning rate by 10

fixed_above = above_lowest[SCHEDULE_BATCH]  # the runs above, η fixed
scheduled_runs = [
    train_in_batches(SCHEDULE_BATCH, seed, step_every=STEP_EVERY)
    for seed in SHUFFLE_SEEDS
]
scheduled_rates = scheduled_runs[0][1]  # the same rates for every seed
scheduled_above = (
    torch.tensor([run_losses for run_losses, _ in scheduled_runs])
    - lowest_loss
)
print(f"batches of {SCHEDULE_BATCH}; loss minus the lowest after each epoch,")
print(f"mean ± std over {len(SHUFFLE_SEEDS)} seeds")
print("epoch   fixed η   loss - lowest        StepLR η   loss - lowest")
for epoch_number, rate in enumerate(scheduled_rates, start=1):
    fixed_now = fixed_above[:, epoch_number]
    cut_now = scheduled_above[:, epoch_number]
    print(
        f"{epoch_number:5}   {LEARNING_RATE:7g}"
        f"   {fixed_now.mean():.2e} ± {fixed_now.std():.1e}"
        f"   {rate:8g}   {cut_now.mean():.2e} ± {cut_now.std():.1e}"
    )
