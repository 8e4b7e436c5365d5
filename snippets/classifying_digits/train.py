NUM_EPOCHS = 200

losses = []
for epoch in range(1, NUM_EPOCHS + 1):
    optimizer.zero_grad()  # (1)!
    logits = model(X_train_t)  # (2)!
    loss = criterion(logits, y_train_t)  # (3)!
    loss.backward()  # (4)!
    optimizer.step()  # (5)!
    losses.append(loss.item())
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d}  training loss {loss.item():.4f}")
