import math

from torch.distributions import Normal

x64, y64 = x.double(), y.double()  # float64, to compare many digits


def squared_error(w, b):
    """L(w, b): the mean squared error of the line y = w x + b."""
    return ((w * x64 + b - y64) ** 2).mean()


def negative_log_likelihood(w, b):
    """-log of the likelihood of the data if y = w x + b + noise,
    the noise drawn from N(0, NOISE_STD^2)."""
    return -Normal(w * x64 + b, NOISE_STD).log_prob(y64).sum()


# -log likelihood = offset + scale * L, for every line (w, b)
offset = NUM_SAMPLES / 2 * math.log(2 * math.pi * NOISE_STD**2)
scale = NUM_SAMPLES / (2 * NOISE_STD**2)
print(f"offset {offset:.4f}, scale {scale:g}")
print(f"{'(w, b)':12}{'-log likelihood':>20}{'offset + scale * L':>22}")
for w_try, b_try in [(0.5, -0.3), (2.0, 1.0)]:
    nll = negative_log_likelihood(w_try, b_try).item()
    via_mse = offset + scale * squared_error(w_try, b_try).item()
    line_label = f"({w_try}, {b_try})"
    print(f"{line_label:12}{nll:20.4f}{via_mse:22.4f}")


def minimise(loss_of):
    """The (w, b) where loss_of(w, b) is smallest, found by L-BFGS
    from step 4's starting line."""
    line = torch.tensor(
        [initial_w, initial_b], dtype=torch.float64, requires_grad=True
    )
    lbfgs = torch.optim.LBFGS(
        [line],
        tolerance_grad=1e-12,  # stop only when the slopes are this small
        tolerance_change=0,
        line_search_fn="strong_wolfe",
    )

    def closure():  # L-BFGS evaluates the loss as often as it needs
        lbfgs.zero_grad()
        loss_value = loss_of(*line)
        loss_value.backward()
        return loss_value

    lbfgs.step(closure)
    return line.detach().tolist()


by_squared_error = minimise(squared_error)
by_likelihood = minimise(negative_log_likelihood)
exact64 = torch.linalg.lstsq(design.double(), y64).solution.flatten()
print(f"{'minimiser of':18}{'w':>12}{'b':>12}")
for label, (w_found, b_found) in [
    ("squared error", by_squared_error),
    ("-log likelihood", by_likelihood),
    ("least squares", exact64.tolist()),
]:
    print(f"{label:18}{w_found:12.8f}{b_found:12.8f}")
