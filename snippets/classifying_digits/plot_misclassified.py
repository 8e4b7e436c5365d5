NUM_SHOWN = 8

# indices of the test mistakes
wrong = torch.nonzero(test_predictions != y_test_t).squeeze(1)
# undo the scaling to see the ink (0 to 16) again
test_images = scaler.inverse_transform(X_test).reshape(-1, 8, 8)

fig, axes = plt.subplots(
    2, NUM_SHOWN // 2, figsize=(4.6, 3.6), layout="constrained"
)
for ax, index in zip(axes.flat, wrong[:NUM_SHOWN].tolist()):
    true_digit = y_test_t[index].item()
    predicted_digit = test_predictions[index].item()
    ax.imshow(test_images[index], cmap="cividis")
    ax.set_title(f"true {true_digit}\npredicted {predicted_digit}")
    ax.axis("off")
fig.suptitle(f"{NUM_SHOWN} of the {len(wrong)} misclassified test digits")
plt.show()
