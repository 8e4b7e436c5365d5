z_grid = (torch.arange(-60, 61) / 10).requires_grad_()  # -6 to 6, by 0.1
# each sigmoid value depends on its own z only, so the gradient of the
# sum holds the slope of the sigmoid at every z
sigmoid(z_grid).sum().backward()
slope_autograd = z_grid.grad

with torch.no_grad():
    sigmoid_values = sigmoid(z_grid)
slope_formula = sigmoid_values * (1 - sigmoid_values)
steepest = slope_autograd.argmax()

same_slope = torch.allclose(slope_autograd, slope_formula, atol=1e-7)
print("autograd's slope equals sigma (1 - sigma):", same_slope)
print(f"steepest at z = {z_grid[steepest].item():.1f},", end=" ")
print(f"slope {slope_autograd[steepest].item():.4f}")
print(f"slope at z = -6: {slope_autograd[0]:.4f}, at z = 6:", end=" ")
print(f"{slope_autograd[-1]:.4f}")
