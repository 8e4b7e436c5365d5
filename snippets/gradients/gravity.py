GRAVITATIONAL_CONSTANT = 6.674e-11  # G, in N m² / kg²
EARTH_MASS = 5.972e24  # kg
EARTH_RADIUS = 6.371e6  # m, the Earth's mean radius
TEST_MASS = 1.0  # kg: the force on one kilogram


def gravity_force(r):
    """The pull between the Earth and the test mass, in newtons.

    r is the distance between their centres, in metres.
    """
    return GRAVITATIONAL_CONSTANT * EARTH_MASS * TEST_MASS / r**2


def gravity_slope(r):
    """dF/dr = -2 G M m / r³, by the power rule; in newtons per metre."""
    return -2 * GRAVITATIONAL_CONSTANT * EARTH_MASS * TEST_MASS / r**3


force_at_surface = gravity_force(EARTH_RADIUS)
force_twice_as_far = gravity_force(2 * EARTH_RADIUS)
ratio = force_at_surface / force_twice_as_far
print(f"force on 1 kg at the surface:       {force_at_surface:.3f} N")
print(f"at twice the distance:              {force_twice_as_far:.3f} N")
print(f"ratio (inverse square predicts 4):  {ratio:.3f}")

TANGENT_DISTANCE = 2 * EARTH_RADIUS  # where we take the slope
r = torch.tensor(TANGENT_DISTANCE, dtype=torch.float64, requires_grad=True)
gravity_force(r).backward()
# r is in metres, so a step of one metre is tiny compared with r
numeric_slope = central_difference(gravity_force, r.detach(), h=1.0)
print()
print("slope dF/dr at two Earth radii, in N/m:")
print(f"formula -2GMm/r³:    {gravity_slope(TANGENT_DISTANCE):.6e}")
print(f"autograd:            {r.grad.item():.6e}")
print(f"central difference:  {numeric_slope.item():.6e}")
