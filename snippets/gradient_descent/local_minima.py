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
    end = torch.tensor(visited[-1], dtype=torch.float64)
    print(f"start {start:5.2f} -> end {end:6.3f}, loss {bumpy_loss(end):7.4f}")

# A fine grid is affordable for one parameter: where is the lowest point?
thetas = torch.linspace(-2.0, 2.0, 4001, dtype=torch.float64)
lowest_theta = thetas[bumpy_loss(thetas).argmin()].item()
print(f"lowest on a grid of {len(thetas)} points: theta = {lowest_theta:.3f}")
