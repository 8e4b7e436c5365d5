NUM_SHOWN = 8

wrong = torch.nonzero(test_predictions != y_test_t).squeeze(
    1
)  # indices of the test mistakes
test_images = scaler.inverse_transform(X_test).reshape(
    -1, 8, 8
)  # undo the scaling to see ink again

fig, axes = plt.subplots(
    2, NUM_SHOWN // 2, figsize=(8, 5), layout="constrained"
)
for ax, index in zip(axes.flat, wrong[:NUM_SHOWN].tolist()):
    ax.imshow(test_images[index], cmap="gray_r")
    ax.set_title(
        f"true {y_test_t[index].item()}\npredicted {test_predictions[index].item()}"
    )
    ax.axis("off")
fig.suptitle(f"{NUM_SHOWN} of the {len(wrong)} misclassified test digits")
plt.show()
