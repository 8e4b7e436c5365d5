# One image whose true label is 1; the logit z says how sure the model
# is of class 1. Six values of z, from confidently wrong to right.
z = torch.tensor([-10.0, -5.0, -2.0, 0.0, 2.0, 5.0], requires_grad=True)
p = sigmoid(z)  # predicted probability of class 1
target = torch.ones_like(z)

mse = (p - target) ** 2  # one loss per value of z
cross_entropy_loss = -torch.log(p)
# each loss depends on its own z only, so the gradient of the sum
# holds every loss's own derivative
mse_grad = torch.autograd.grad(mse.sum(), z, retain_graph=True)[0]
cross_entropy_grad = torch.autograd.grad(cross_entropy_loss.sum(), z)[0]

columns = [z, p, mse, mse_grad, cross_entropy_loss, cross_entropy_grad]
table = torch.stack(columns, dim=1).detach()
print(f"{'z':>5} {'p':>7} {'MSE':>7} {'dMSE/dz':>8} {'CE':>8} {'dCE/dz':>8}")
for z_value, *values in table.tolist():
    p_value, mse_value, mse_slope, ce_value, ce_slope = values
    print(
        f"{z_value:5.0f} {p_value:7.4f} {mse_value:7.4f} {mse_slope:8.4f}"
        f" {ce_value:8.4f} {ce_slope:8.4f}"
    )
