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

print("images:", digits.images.shape, "-> flattened:", digits.data.shape)
print("train:", tuple(X_train_t.shape), " labels:", tuple(y_train_t.shape))
print("test: ", tuple(X_test_t.shape), "  labels:", tuple(y_test_t.shape))
print("dtypes: images", X_train_t.dtype, " labels", y_train_t.dtype)
print("images per class, train:", torch.bincount(y_train_t).tolist())
print("images per class, test: ", torch.bincount(y_test_t).tolist())
