model.zero_grad()
# forward pass on the whole training set, then back-propagation:
# autograd fills .grad of W and b
loss = F.cross_entropy(model(X_train_t), y_train_t)
loss.backward()

with torch.no_grad():
    P = torch.softmax(model(X_train_t), dim=1)  # n x 10 probabilities
    Y = F.one_hot(y_train_t, NUM_CLASSES).float()  # n x 10, one 1 per row
    dL_dz = (P - Y) / len(X_train_t)  # gradient with respect to the logits
    dL_dW = dL_dz.T @ X_train_t  # 10 x 64, the shape of W
    dL_db = dL_dz.sum(dim=0)  # 10, the shape of b

W_grad, b_grad = model.linear.weight.grad, model.linear.bias.grad
same_W = torch.allclose(dL_dW, W_grad, atol=1e-6)
same_b = torch.allclose(dL_db, b_grad, atol=1e-6)
print("dL/dW by hand matches autograd:", same_W)
print("dL/db by hand matches autograd:", same_b)
print(f"{'class':<9}", " ".join(f"{k:6d}" for k in range(NUM_CLASSES)))
print(f"{'by hand':<9}", " ".join(f"{g:6.3f}" for g in dL_db.tolist()))
print(f"{'autograd':<9}", " ".join(f"{g:6.3f}" for g in b_grad.tolist()))
