INPUT_DIM, OUTPUT_DIM = 1, 1

torch.manual_seed(42)  # the starting w and b are random: fix them
model = LinearRegressionModel(INPUT_DIM, OUTPUT_DIM)

print(model)
initial_w, initial_b = model.linear.weight.item(), model.linear.bias.item()
print(f"initial w = {initial_w:.4f}, b = {initial_b:.4f}")
