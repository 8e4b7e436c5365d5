# part 1's data and model, so that this page runs on its own
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

digits = load_digits()
X_train, X_test, y_train, y_test = train_test_split(
    digits.data,
    digits.target,
    test_size=0.2,
    stratify=digits.target,
    random_state=0,
)
scaler = StandardScaler().fit(X_train)  # fitted on the training set only
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

# PyTorch wants float32 inputs and int64 class labels
X_train_t = torch.tensor(X_train, dtype=torch.float32)
X_test_t = torch.tensor(X_test, dtype=torch.float32)
y_train_t = torch.tensor(y_train, dtype=torch.int64)
y_test_t = torch.tensor(y_test, dtype=torch.int64)

# the model: one linear layer that returns the logits
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


torch.manual_seed(0)  # the same starting weights as in part 1
model = LogisticRegressionModel(NUM_FEATURES, NUM_CLASSES)

print("train:", tuple(X_train_t.shape), " test:", tuple(X_test_t.shape))
print("model:", model)
