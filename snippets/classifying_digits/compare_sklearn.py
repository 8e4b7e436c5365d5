from sklearn.linear_model import LogisticRegression

# same split, same scaling
sklearn_model = LogisticRegression(max_iter=1000).fit(X_train, y_train)
sklearn_predictions = sklearn_model.predict(X_test)
sklearn_accuracy = (sklearn_predictions == y_test).mean()
same_digit = torch.from_numpy(sklearn_predictions) == test_predictions
agree = same_digit.sum().item()

print(f"{'model':<34}{'test accuracy':>14}")
print(f"{'PyTorch nn.Linear(64, 10) + SGD':<34}{test_accuracy:>14.2%}")
print(f"{'scikit-learn LogisticRegression':<34}{sklearn_accuracy:>14.2%}")
print(f"the two predict the same digit for {agree} of {len(y_test)} images")
