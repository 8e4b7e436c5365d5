def descend_together(starts, rate, num_steps=BUMPY_STEPS):
    """Gradient descent on bumpy_loss from every start in a tensor at once.

    Each element descends on its own: the gradient of the summed loss
    holds every element's slope.
    """
    thetas = starts.clone().requires_grad_(True)
    for step in range(num_steps):
        (slopes,) = torch.autograd.grad(bumpy_loss(thetas).sum(), thetas)
        with torch.no_grad():
            thetas -= rate * slopes
    return thetas.detach()


deep_floor, shallow_floor = [visited[-1] for visited in bumpy_paths.values()]
ARRIVED = 0.01  # an end this close to a valley's floor is in that valley


def starts_text(starts):
    return " ".join(f"{start:g}" for start in starts.tolist())


valley_starts = torch.linspace(-2.0, 2.0, 17, dtype=torch.float64)
VALLEY_RATES = [BUMPY_RATE, 0.1, 0.12]  # the lesson's rate, then larger
for valley_rate in VALLEY_RATES:
    valley_ends = descend_together(valley_starts, valley_rate)
    in_deep = (valley_ends - deep_floor).abs() < ARRIVED
    in_shallow = (valley_ends - shallow_floor).abs() < ARRIVED
    print(f"η = {valley_rate}:")
    print(f"  deeper valley from:    {starts_text(valley_starts[in_deep])}")
    print(f"  shallower valley from: {starts_text(valley_starts[in_shallow])}")

# the two starts that change valley: where does their first step land?
for jump_start, jump_rate in [(2.0, 0.1), (-2.0, 0.12)]:
    jump_from = torch.tensor([jump_start], dtype=torch.float64)
    landed = descend_together(jump_from, jump_rate, num_steps=1).item()
    jump_text = f"η = {jump_rate}, from {jump_start:g}"
    print(f"{jump_text}: the first step lands at {landed:.2f}")

# With the lesson's rate, starts close to the hilltop, 1e-6 apart
near_starts = hilltop_theta + torch.linspace(
    -0.001, 0.001, 2001, dtype=torch.float64
)
near_ends = descend_together(near_starts, BUMPY_RATE)
nowhere = ((near_ends - deep_floor).abs() >= ARRIVED) & (
    (near_ends - shallow_floor).abs() >= ARRIVED
)
stuck = near_starts[nowhere]
print(
    f"after {BUMPY_STEPS} steps, {nowhere.sum()} of {len(near_starts)} starts"
)
print(f"  from {stuck.min():.6f} to {stuck.max():.6f} are in neither valley")
