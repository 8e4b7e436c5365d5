INPUT_DIM, OUTPUT_DIM = 1, 1

torch.manual_seed(42)  # the starting w and b are random: fix them
model = LinearRegressionModel(INPUT_DIM, OUTPUT_DIM)

print(model)
print(
    f"initial w = {model.linear.weight.item():.4f}, b = {model.linear.bias.item():.4f}"
)
