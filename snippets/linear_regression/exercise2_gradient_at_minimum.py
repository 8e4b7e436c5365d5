at_start = mse_gradients(torch.tensor(0.5), torch.tensor(-0.3), x, y)
at_least_squares = mse_gradients(
    torch.tensor(exact_w), torch.tensor(exact_b), x, y
)
for where, (grad_w_here, grad_b_here) in [
    ("at (0.5, -0.3):       ", at_start),
    ("at the least squares: ", at_least_squares),
]:
    # Sizes to four decimals: at the minimum, what remains is float32 rounding.
    size_w, size_b = abs(grad_w_here), abs(grad_b_here)
    print(f"{where} |dL/dw| {size_w:.4f}, |dL/db| {size_b:.4f}")
