at_start = mse_gradients(torch.tensor(0.5), torch.tensor(-0.3), x, y)
at_least_squares = mse_gradients(
    torch.tensor(exact_w), torch.tensor(exact_b), x, y
)
for where, (grad_w_here, grad_b_here) in [
    ("at (0.5, -0.3):       ", at_start),
    ("at the least squares: ", at_least_squares),
]:
    print(f"{where} dL/dw {grad_w_here:10.2e}, dL/db {grad_b_here:10.2e}")
