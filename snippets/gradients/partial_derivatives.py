def two_variables(x):
    """f(x1, x2) = x1² + 3 x1 x2, for a tensor x holding (x1, x2)."""
    return x[0] ** 2 + 3 * x[0] * x[1]


def along(function, point, direction):
    """The function on the line through `point` in `direction`,
    as a function of one number t: t -> function(point + t direction)."""
    return lambda t: function(point + t * direction)


POINT = [1.0, 2.0]  # (x1, x2)
x1, x2 = POINT
partials_by_formula = [2 * x1 + 3 * x2, 3 * x1]  # df/dx1, df/dx2

x = torch.tensor(POINT, dtype=torch.float64, requires_grad=True)
two_variables(x).backward()  # x.grad: one partial derivative per element

point = x.detach()
zero = torch.tensor(0.0, dtype=torch.float64)
axes = torch.eye(2, dtype=torch.float64)  # the directions (1, 0) and (0, 1)
# move along one axis only, every other variable held fixed
partials_numeric = [
    central_difference(along(two_variables, point, axis), zero)
    for axis in axes
]

print(f"at (x1, x2) = ({x1}, {x2}):")
print("         formula   autograd   central difference")
rows = zip(["df/dx1", "df/dx2"], partials_by_formula, x.grad, partials_numeric)
for name, formula, auto, numeric in rows:
    print(f"{name}  {formula:8.4f}  {auto:9.4f}  {numeric:19.4f}")
