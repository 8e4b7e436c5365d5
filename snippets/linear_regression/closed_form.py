# columns x and 1, so that design @ [w, b] = w x + b
design = torch.cat([x, torch.ones_like(x)], dim=1)
solution = torch.linalg.lstsq(design, y).solution
exact_w, exact_b = solution[0].item(), solution[1].item()

print(f"least squares     w = {exact_w:.4f}, b = {exact_b:.4f}")
print(f"gradient descent  w = {learned_w:.4f}, b = {learned_b:.4f}")
