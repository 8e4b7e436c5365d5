# row = true digit, column = predicted digit; count each (true, predicted) pair
confusion = torch.bincount(
    y_test_t * NUM_CLASSES + test_predictions, minlength=NUM_CLASSES**2
)
confusion = confusion.reshape(NUM_CLASSES, NUM_CLASSES)

fig, ax = plt.subplots(figsize=(6, 5.5))
ax.imshow(confusion.numpy(), cmap="Blues")  # matplotlib draws NumPy arrays
for true_digit in range(NUM_CLASSES):
    for predicted_digit in range(NUM_CLASSES):
        count = confusion[true_digit, predicted_digit].item()
        if count:  # leave the zeros blank so the mistakes stand out
            color = "white" if count > confusion.max() / 2 else "black"
            ax.text(
                predicted_digit,
                true_digit,
                count,
                ha="center",
                va="center",
                color=color,
            )
ax.set_xticks(range(NUM_CLASSES))
ax.set_yticks(range(NUM_CLASSES))
ax.set_xlabel("predicted digit")
ax.set_ylabel("true digit")
ax.set_title("Confusion matrix on the test set (blank = 0)")
plt.show()
