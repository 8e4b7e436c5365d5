# Many starts at once: each element of the tensor descends on its own,
# and the gradient of the summed loss holds every element's slope.
valley_starts = torch.linspace(-2.0, 2.0, 17, dtype=torch.float64)
valley_thetas = valley_starts.clone().requires_grad_(True)
for step in range(BUMPY_STEPS):
    (slopes,) = torch.autograd.grad(
        bumpy_loss(valley_thetas).sum(), valley_thetas
    )
    with torch.no_grad():
        valley_thetas -= BUMPY_RATE * slopes
valley_ends = valley_thetas.detach()

deeper = valley_ends < 0  # the deeper valley is the one left of 0
for valley_name, ended_here in [("deeper", deeper), ("shallower", ~deeper)]:
    starts_here = " ".join(f"{s:g}" for s in valley_starts[ended_here])
    print(f"end in the {valley_name:>9} valley: {starts_here}")

# The hilltop between the valleys: where the slope changes sign there.
between = torch.linspace(-1.0, 1.0, 20001, dtype=torch.float64)
between_slopes = 4 * between**3 - 6 * between + 1  # dL/dθ by the power rule
# the last point before the slope turns from uphill to downhill
turns = (between_slopes[:-1] > 0) & (between_slopes[1:] <= 0)
hilltop = between[:-1][turns]
print(f"hilltop: theta = {hilltop.item():.3f}")
