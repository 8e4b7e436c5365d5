START_W, START_B = -1.0, 3.0  # a poor line, far from the minimum


def mse_gradient(w, b):
    """(dL/dw, dL/db) of the mean squared error, by the formulas."""
    error = w * x_train + b - y_train
    return 2 * (error * x_train).mean(), 2 * error.mean()


w = torch.tensor(START_W, dtype=torch.float64, requires_grad=True)
b = torch.tensor(START_B, dtype=torch.float64, requires_grad=True)
mse_loss(w, b).backward()

formula_w, formula_b = mse_gradient(START_W, START_B)
start_w = torch.tensor(START_W, dtype=torch.float64)
start_b = torch.tensor(START_B, dtype=torch.float64)
# move one parameter, hold the other fixed
numeric_w = central_difference(lambda w: mse_loss(w, start_b), start_w)
numeric_b = central_difference(lambda b: mse_loss(start_w, b), start_b)

print(f"at w = {START_W}, b = {START_B}:")
print("        formula   autograd   central difference")
for name, formula, auto, numeric in [
    ("dL/dw", formula_w, w.grad, numeric_w),
    ("dL/db", formula_b, b.grad, numeric_b),
]:
    print(f"{name} {formula:9.4f} {auto:10.4f} {numeric:20.4f}")
