import matplotlib.pyplot as plt

z = torch.linspace(-10, 10, 400)
p = sigmoid(z)
mse_gradient = 2 * (p - 1) * p * (1 - p)  # dMSE/dz by the chain rule
cross_entropy_gradient = p - 1  # dCE/dz; the target is 1 throughout

# two panels, one above the other, sharing the z axis
fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(4.3, 5), sharex=True, layout="constrained"
)
top.plot(z, (p - 1) ** 2, linestyle="--", label="MSE")
top.plot(z, -torch.log(p), label="cross-entropy")
top.set_ylim(0, 5)
top.set_ylabel("loss")
top.set_title("Loss")
top.legend()
bottom.plot(z, mse_gradient.abs(), linestyle="--", label="MSE")
bottom.plot(z, cross_entropy_gradient.abs(), label="cross-entropy")
bottom.set_xlabel("logit z (the true class is 1)")
bottom.set_ylabel("|dL/dz|")
bottom.set_title("Size of the gradient")
bottom.legend()
fig.suptitle("Confidently wrong (z far below 0):\nonly cross-entropy pushes")
plt.show()
