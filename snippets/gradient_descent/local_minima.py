def bumpy_loss(theta):
    """A loss in one parameter with two valleys, one deeper than the other."""
    return theta**4 - 3 * theta**2 + theta


BUMPY_RATE = 0.02
BUMPY_STEPS = 100
BUMPY_STARTS = [-0.5, 0.5]  # two starts, close together


def descend(start):
    """Gradient descent on bumpy_loss; returns every theta it visits."""
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    visited = [start]
    for step in range(BUMPY_STEPS):
        (slope,) = torch.autograd.grad(bumpy_loss(theta), theta)
        with torch.no_grad():
            theta -= BUMPY_RATE * slope
        visited.append(theta.item())
    return visited


bumpy_paths = {start: descend(start) for start in BUMPY_STARTS}
for start, visited in bumpy_paths.items():
    end = torch.tensor(visited[-1], dtype=torch.float64, requires_grad=True)
    end_loss = bumpy_loss(end)
    (end_slope,) = torch.autograd.grad(end_loss, end)
    print(
        f"start {start:5.2f} -> end {end:6.3f}, "
        f"loss {end_loss:7.4f}, slope {end_slope:8.1e}"
    )

# A fine grid is affordable for one parameter: where is the lowest point?
thetas = torch.linspace(-2.0, 2.0, 4001, dtype=torch.float64)
lowest_theta = thetas[bumpy_loss(thetas).argmin()].item()
print(f"lowest on a grid of {len(thetas)} points: theta = {lowest_theta:.3f}")
# and the hilltop between the two valleys: the highest grid point there
path_ends = [visited[-1] for visited in bumpy_paths.values()]
between = thetas[(thetas > min(path_ends)) & (thetas < max(path_ends))]
hilltop_theta = between[bumpy_loss(between).argmax()].item()
print(f"highest between the two ends: theta = {hilltop_theta:.3f}")
