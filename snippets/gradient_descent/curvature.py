# All four second derivatives of the loss, as a 2 x 2 matrix: the Hessian.
# L is a quadratic in (w, b), so it is the same at every (w, b).
hessian = torch.autograd.functional.hessian(
    lambda parameters: mse_loss(parameters[0], parameters[1]),
    torch.tensor([START_W, START_B], dtype=torch.float64),
)
# eigh: the curvatures, smallest first, and their directions as columns
curvatures, directions = torch.linalg.eigh(hessian)
steepest = curvatures[-1].item()
steepest_direction = directions[:, -1]
# an eigenvector's sign is arbitrary: pick the one with b increasing
steepest_direction = steepest_direction * steepest_direction[1].sign()
steepest_w, steepest_b = steepest_direction.tolist()

print("Hessian:")
print(f"  d²L/dw²   = {hessian[0, 0]:.4f}   d²L/dw db = {hessian[0, 1]:.4f}")
print(f"  d²L/db dw = {hessian[1, 0]:.4f}   d²L/db²   = {hessian[1, 1]:.4f}")
print(f"curvatures: {curvatures[0]:.4f} and a = {steepest:.4f}")
print(f"steepest direction (w, b): ({steepest_w:.4f}, {steepest_b:.4f})")
overshoot_limit, divergence_limit = 1 / steepest, 2 / steepest
print(f"steps overshoot along it above η = 1 / a = {overshoot_limit:.4f}")
print(f"and diverge above              η = 2 / a = {divergence_limit:.4f}")
