# One image whose true label is 1; the model's logit z says how sure it is of class 1.
z = torch.tensor([-10.0, -5.0, -2.0, 0.0, 2.0, 5.0], requires_grad=True)
p = sigmoid(z)  # predicted probability of class 1
target = torch.ones_like(z)

mse = (p - target) ** 2  # one loss per value of z
cross_entropy_loss = -torch.log(p)
mse_grad = torch.autograd.grad(mse.sum(), z, retain_graph=True)[
    0
]  # each loss depends on its own z only
cross_entropy_grad = torch.autograd.grad(cross_entropy_loss.sum(), z)[0]

table = torch.stack(
    [z, p, mse, mse_grad, cross_entropy_loss, cross_entropy_grad], dim=1
).detach()
print(
    f"{'z':>5}  {'p':>6}  {'MSE':>6}  {'dMSE/dz':>7}  {'CE':>7}  {'dCE/dz':>7}"
)
for (
    z_value,
    p_value,
    mse_value,
    mse_slope,
    ce_value,
    ce_slope,
) in table.tolist():
    print(
        f"{z_value:5.0f}  {p_value:.4f}  {mse_value:.4f}  {mse_slope:7.4f}  {ce_value:7.4f}  {ce_slope:7.4f}"
    )
