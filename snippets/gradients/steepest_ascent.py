NUM_DIRECTIONS = 360  # one direction per degree, all of length 1

gradient = x.grad  # the gradient of two_variables at POINT
angles = torch.arange(NUM_DIRECTIONS, dtype=torch.float64) * (
    2 * math.pi / NUM_DIRECTIONS
)
directions = torch.stack([torch.cos(angles), torch.sin(angles)])  # (2, 360)
# the rate of change of f along every direction at once, each by a
# central difference along its own line through the point
rates = central_difference(
    along(two_variables, point[:, None], directions), zero
)
uphill, downhill = rates.argmax(), rates.argmin()
gradient_angle = math.degrees(math.atan2(gradient[1], gradient[0]))

print(f"gradient: ({gradient[0]:.4f}, {gradient[1]:.4f})")
print(
    f"  its direction {gradient_angle:.1f}°, its length {gradient.norm():.4f}"
)
print(
    f"steepest uphill:   {math.degrees(angles[uphill]):5.1f}°, "
    f"rate {rates[uphill]:8.4f}"
)
print(
    f"steepest downhill: {math.degrees(angles[downhill]):5.1f}°, "
    f"rate {rates[downhill]:8.4f}"
)
largest_gap = (rates - gradient @ directions).abs().max()
print(f"largest |rate - gradient · direction|: {largest_gap:.1e}")
