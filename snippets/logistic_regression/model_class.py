from torch import nn

NUM_FEATURES = 64  # 8 x 8 pixels
NUM_CLASSES = 10  # the digits 0 to 9


class LogisticRegressionModel(nn.Module):
    def __init__(self, num_features, num_classes):
        super().__init__()
        # one row of weights and one bias per class
        self.linear = nn.Linear(num_features, num_classes)

    def forward(self, x):
        return self.linear(x)  # logits: z = W x + b, no softmax here


torch.manual_seed(0)  # the starting weights are random: fix them
model = LogisticRegressionModel(NUM_FEATURES, NUM_CLASSES)

with torch.no_grad():  # no training yet, so no gradients needed
    logits = model(X_test_t[:1])  # a batch holding the first test image
    probabilities = torch.softmax(logits, dim=1)
prediction = probabilities.argmax(dim=1)

print("digit:        ", " ".join(f"{k:5d}" for k in range(NUM_CLASSES)))
print("logits:       ", " ".join(f"{z:5.2f}" for z in logits[0].tolist()))
print("probabilities:", " ".join(f"{p:5.2f}" for p in probabilities[0]))
print(f"sum of probabilities: {probabilities.sum().item():.4f}")
print(f"predicted digit: {prediction.item()}, true: {y_test_t[0].item()}")
