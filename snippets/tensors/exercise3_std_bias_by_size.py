SIZES = [2, 5, 50]

torch.manual_seed(0)
for size in SIZES:
    draws = torch.randn(NUM_SAMPLES, size)  # NUM_SAMPLES samples of `size`
    average_std = draws.std(dim=1).mean()
    average_variance = draws.var(dim=1).mean()
    print(
        f"n = {size:2}: average variance {average_variance:.3f},"
        f" average std {average_std:.3f}"
    )
