LARGE_RATES = [1, 3, 5, 10, 20]


def parameter_gradient_norm(trained):
    """The length of the gradient of all the weights and biases together."""
    grads = [parameter.grad.flatten() for parameter in trained.parameters()]
    return torch.cat(grads).norm().item()


print(f"{'':5} {'training loss':^32} {'gradient length':^23}".rstrip())
print(
    f"{'lr':>5} {'start':>8} {'highest after':>14} {'final':>8}",
    f"{'start':>8} {'largest after':>14} {'|W|':>6}",
)
large_rate_models, large_rate_curves = {}, {}
for rate in LARGE_RATES:
    torch.manual_seed(0)  # the lesson's starting weights
    fast = LogisticRegressionModel(NUM_FEATURES, NUM_CLASSES)
    fast_optimizer = torch.optim.SGD(
        fast.parameters(), lr=rate, momentum=MOMENTUM
    )
    fast_losses, gradient_norms = [], []
    for _ in range(NUM_EPOCHS):
        fast_optimizer.zero_grad()
        fast_loss = criterion(fast(X_train_t), y_train_t)
        fast_loss.backward()
        gradient_norms.append(parameter_gradient_norm(fast))
        fast_optimizer.step()
        fast_losses.append(fast_loss.item())
    large_rate_models[rate] = fast
    large_rate_curves[rate] = (fast_losses, gradient_norms)
    print(
        f"{rate:5d} {fast_losses[0]:8.4f} {max(fast_losses[1:]):14.4f}",
        f"{fast_losses[-1]:8.1e} {gradient_norms[0]:8.4f}",
        f"{max(gradient_norms[1:]):14.4f} {fast.linear.weight.norm():6.1f}",
    )

# the model trained with rate 1, in double precision for exact sums
fast_W = large_rate_models[1].linear.weight.detach().double()
fast_b = large_rate_models[1].linear.bias.detach().double()
X_double = X_train_t.double()


def training_loss(weight, bias):
    return criterion(X_double @ weight.T + bias, y_train_t).item()


with torch.no_grad():
    fast_right = large_rate_models[1](X_train_t).argmax(dim=1) == y_train_t
print(f"lr 1: training images right: {fast_right.sum()} of {len(y_train_t)}")
for factor in [1, 2, 4]:
    scaled_loss = training_loss(factor * fast_W, factor * fast_b)
    print(f"W and b times {factor}: training loss {scaled_loss:.2e}")
torch.manual_seed(1)
same_vector = torch.randn(NUM_FEATURES, dtype=torch.float64)
moved_loss = training_loss(fast_W + same_vector, fast_b)  # added to each row
print(f"one vector added to every row of W: {moved_loss:.2e}")
