z = torch.linspace(-10, 10, 400)
p = sigmoid(z)
mse_gradient = 2 * (p - 1) * p * (1 - p)  # dMSE/dz by the chain rule, target 1
cross_entropy_gradient = p - 1  # dCE/dz, target 1

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
left.plot(z, (p - 1) ** 2, label="MSE")
left.plot(z, -torch.log(p), label="cross-entropy")
left.set_ylim(0, 5)
left.set_xlabel("logit z (true class is 1)")
left.set_ylabel("loss")
left.set_title("Loss")
left.legend()
right.plot(z, mse_gradient.abs(), label="MSE")
right.plot(z, cross_entropy_gradient.abs(), label="cross-entropy")
right.set_xlabel("logit z (true class is 1)")
right.set_ylabel("|dL/dz|")
right.set_title("Size of the gradient")
right.legend()
fig.suptitle(
    "A confident wrong answer (z far below 0): MSE barely pushes, cross-entropy pushes hard"
)
plt.show()
