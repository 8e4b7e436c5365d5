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

print("training images:", X_train.shape, " test images:", X_test.shape)
print("classes:", digits.target_names.tolist())
