from sklearn.linear_model import LogisticRegression

with torch.no_grad():
    multilabel_train_right = (
        multilabel_model(X_train_t) > 0
    ).float() == Y_train_multi
print(f"{'':<20}{'training images right':>36}")
print(f"{'label':<20}{'our model':>12}{'fitted to convergence':>24}")
for column, name in enumerate(LABEL_NAMES):
    # scikit-learn's solver runs until the loss stops falling
    converged = LogisticRegression(max_iter=1000)
    converged.fit(X_train, Y_train_multi[:, column].numpy())
    converged_accuracy = converged.score(X_train, Y_train_multi[:, column])
    ours = multilabel_train_right[:, column].float().mean().item()
    print(f"{name:<20}{ours:>12.2%}{converged_accuracy:>24.2%}")
