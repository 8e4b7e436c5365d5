LIMIT = 1000.0


def grow(a):
    """Double a until it reaches LIMIT in size; then keep the result if it
    is positive, and multiply it by 100 if it is negative."""
    b = a * 2
    while b.abs() < LIMIT:
        b = b * 2
    if b > 0:
        return b
    return 100 * b


# The last value is 1000 / 2**10: there the loop count changes.
GROW_AT = [0.3, -0.3, 7.0, LIMIT / 2**10]
print("      a     grow(a)   formula k   autograd   central difference")
for value in GROW_AT:
    a = torch.tensor(value, dtype=torch.float64, requires_grad=True)
    grown = grow(a)
    grown.backward()  # through the loop and the branch that ran
    # on the path that ran, grow(a) = k a, so its derivative is k
    k = (grown / a).item()
    numeric = central_difference(grow, a.detach())
    print(
        f"{value:7.4f}  {grown.item():10.1f}  {k:10.0f}  "
        f"{a.grad.item():9.0f}  {numeric.item():19.1f}"
    )
