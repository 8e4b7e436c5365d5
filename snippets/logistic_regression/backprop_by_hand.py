model.zero_grad()
loss = F.cross_entropy(
    model(X_train_t), y_train_t
)  # forward pass on the whole training set
loss.backward()  # back-propagation: autograd fills .grad of W and b

with torch.no_grad():
    P = torch.softmax(model(X_train_t), dim=1)  # n x 10 probabilities
    Y = F.one_hot(y_train_t, NUM_CLASSES).float()  # n x 10, a single 1 per row
    dL_dz = (P - Y) / len(X_train_t)  # gradient with respect to the logits
    dL_dW = dL_dz.T @ X_train_t  # 10 x 64, the shape of W
    dL_db = dL_dz.sum(dim=0)  # 10, the shape of b

print(
    "dL/dW by hand matches autograd:",
    torch.allclose(dL_dW, model.linear.weight.grad, atol=1e-6),
)
print(
    "dL/db by hand matches autograd:",
    torch.allclose(dL_db, model.linear.bias.grad, atol=1e-6),
)
print("dL/db by hand:", " ".join(f"{g:.4f}" for g in dL_db.tolist()))
print(
    "autograd:     ",
    " ".join(f"{g:.4f}" for g in model.linear.bias.grad.tolist()),
)
