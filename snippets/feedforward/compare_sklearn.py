from sklearn.neural_network import MLPClassifier

# the same 64-100-10 ReLU network; by default scikit-learn trains it
# with Adam and a small L2 penalty
mlp = MLPClassifier(hidden_layer_sizes=(100,), random_state=0, max_iter=500)
mlp.fit(X_train, y_train)
sklearn_accuracy = mlp.score(X_test, y_test)

print(f"{'':34}{'test accuracy':>14}")
print(f"{'PyTorch, this page':34}{test_accuracy:14.2%}")
print(f"{'scikit-learn MLPClassifier':34}{sklearn_accuracy:14.2%}")
