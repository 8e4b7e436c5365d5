def loss_after_training(learning_rate):
    """Step 7's training again, from the same start, with another rate."""
    torch.manual_seed(42)
    trial = LinearRegressionModel(INPUT_DIM, OUTPUT_DIM)
    trial_optimizer = torch.optim.SGD(trial.parameters(), lr=learning_rate)
    for _ in range(NUM_EPOCHS):
        trial_optimizer.zero_grad()
        trial_loss = criterion(trial(x), y)
        trial_loss.backward()
        trial_optimizer.step()
    return trial_loss.item()


print(f"learning rate {LEARNING_RATE}:  loss {losses[-1]:.3g} (step 7)")
for trial_rate in [0.01, 1.1]:
    trial_final = loss_after_training(trial_rate)
    print(f"learning rate {trial_rate}: loss {trial_final:.3g}")
