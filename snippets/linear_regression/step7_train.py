NUM_EPOCHS = 200

losses = []
for epoch in range(1, NUM_EPOCHS + 1):
    for x_batch, y_batch in train_loader:
        optimizer.zero_grad()  # gradients add up unless cleared
        y_hat = model(x_batch)  # forward pass
        loss = criterion(y_hat, y_batch)
        loss.backward()  # back-propagation: dL/dw and dL/db
        optimizer.step()  # w <- w - lr * dL/dw, b <- b - lr * dL/db
    losses.append(loss.item())
    if epoch % 40 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.6f}")

learned_w = model.linear.weight.item()
learned_b = model.linear.bias.item()
print(f"learned w = {learned_w:.4f}, b = {learned_b:.4f}")
