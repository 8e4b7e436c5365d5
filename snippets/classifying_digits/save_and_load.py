import tempfile
from pathlib import Path

state = model.state_dict()  # the learned tensors, by name
for name, tensor in state.items():
    print(f"{name:<14} {tuple(tensor.shape)}")

with tempfile.TemporaryDirectory() as folder:  # deleted after the block
    path = Path(folder) / "digits_logistic_regression.pt"
    torch.save(state, path)

    torch.manual_seed(1)  # a new model starts from other random weights
    reloaded = LogisticRegressionModel(NUM_FEATURES, NUM_CLASSES)
    with torch.no_grad():
        fresh_predictions = reloaded(X_test_t).argmax(dim=1)
    # weights_only=True loads tensors only, never arbitrary Python objects
    print(reloaded.load_state_dict(torch.load(path, weights_only=True)))

with torch.no_grad():
    reloaded_logits = reloaded(X_test_t)
    original_logits = model(X_test_t)
reloaded_predictions = reloaded_logits.argmax(dim=1)
num_fresh_same = (fresh_predictions == test_predictions).sum().item()

same_logits = torch.equal(reloaded_logits, original_logits)
same_predictions = torch.equal(reloaded_predictions, test_predictions)

print(f"fresh model, same prediction: {num_fresh_same} of {len(y_test_t)}")
print("reloaded, identical logits:     ", same_logits)
print("reloaded, identical predictions:", same_predictions)
# to resume training, save optimizer.state_dict() too: it holds the velocities
optimizer_state = optimizer.state_dict()["state"]
print("optimizer state of each parameter:", list(optimizer_state[0]))
