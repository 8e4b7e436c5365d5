TOLERANCE = 1e-12

number = torch.tensor(2.0, dtype=torch.float64)
estimate = torch.tensor(1.0, dtype=torch.float64)
step = 0
# Newton's method for the square root. The tensors hold their values at
# once, so a plain Python `while` can look at them to decide when to stop.
while abs(estimate * estimate - number) > TOLERANCE:
    estimate = (estimate + number / estimate) / 2
    step += 1
    print(f"step {step}: {estimate.item():.12f}")
print(f"torch.sqrt:  {torch.sqrt(number).item():.12f}")
