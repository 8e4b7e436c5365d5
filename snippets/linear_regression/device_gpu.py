device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

torch.manual_seed(42)
# the parameters live on the device ...
model = LinearRegressionModel(INPUT_DIM, OUTPUT_DIM).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
x_device, y_device = x.to(device), y.to(device)  # ... and so does the data

for epoch in range(NUM_EPOCHS):
    optimizer.zero_grad()
    loss = criterion(model(x_device), y_device)
    loss.backward()
    optimizer.step()

print("trained on", device)
trained_w, trained_b = model.linear.weight.item(), model.linear.bias.item()
print(f"w = {trained_w:.4f}, b = {trained_b:.4f}")
