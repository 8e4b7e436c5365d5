device = torch.device("cpu")

torch.manual_seed(42)
model = LinearRegressionModel(INPUT_DIM, OUTPUT_DIM).to(
    device
)  # parameters live on the device
optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
x_device, y_device = x.to(device), y.to(device)  # so does the data

for epoch in range(NUM_EPOCHS):
    optimizer.zero_grad()
    loss = criterion(model(x_device), y_device)
    loss.backward()
    optimizer.step()

print("trained on", device)
print(
    f"w = {model.linear.weight.item():.4f}, b = {model.linear.bias.item():.4f}"
)
