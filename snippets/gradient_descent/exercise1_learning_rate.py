# below the overshoot limit, between the limits, above the divergence limit
EXERCISE_RATES = [0.3, 0.9, 1.1]

for exercise_rate in EXERCISE_RATES:
    rate_path, rate_losses = gradient_descent(exercise_rate)
    # how far b is from its best value 1, over the first five steps
    b_offsets = " ".join(f"{b - 1:+6.2f}" for _, b in rate_path[:5])
    print(f"η = {exercise_rate}: b - 1 over the first steps: {b_offsets}")
    print(f"         loss after {NUM_STEPS} steps: {rate_losses[-1]:.3g}")
