START_M, START_B = -1.0, 3.0  # a poor line, far from the minimum


def mse_gradient(m, b):
    """The partial derivatives (dL/dm, dL/db) of the mean squared error, by the formulas."""
    error = m * x_train + b - y_train
    return 2 * (error * x_train).mean(), 2 * error.mean()


m = torch.tensor(START_M, dtype=torch.float64, requires_grad=True)
b = torch.tensor(START_B, dtype=torch.float64, requires_grad=True)
mse_loss(m, b).backward()

formula_m, formula_b = mse_gradient(START_M, START_B)
start_m = torch.tensor(START_M, dtype=torch.float64)
start_b = torch.tensor(START_B, dtype=torch.float64)
# move one parameter, hold the other fixed
numeric_m = central_difference(lambda slope: mse_loss(slope, start_b), start_m)
numeric_b = central_difference(
    lambda intercept: mse_loss(start_m, intercept), start_b
)
print(
    f"at m = {START_M}, b = {START_B}:      formula   autograd   central difference"
)
print(
    f"dL/dm {formula_m.item():26.4f} {m.grad.item():10.4f} {numeric_m.item():20.4f}"
)
print(
    f"dL/db {formula_b.item():26.4f} {b.grad.item():10.4f} {numeric_b.item():20.4f}"
)
