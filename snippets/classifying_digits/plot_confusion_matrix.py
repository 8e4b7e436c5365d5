# row = true digit, column = predicted digit: count each (true, predicted)
pair_index = y_test_t * NUM_CLASSES + test_predictions
confusion = torch.bincount(pair_index, minlength=NUM_CLASSES**2)
confusion = confusion.reshape(NUM_CLASSES, NUM_CLASSES)

fig, ax = plt.subplots(figsize=(5, 4.6), layout="constrained")
# cividis: dark for few images, bright for many, readable without colour
ax.imshow(confusion.numpy(), cmap="cividis")  # matplotlib draws NumPy
for true_digit in range(NUM_CLASSES):
    for predicted_digit in range(NUM_CLASSES):
        count = confusion[true_digit, predicted_digit].item()
        if count:  # leave the zeros blank so the mistakes stand out
            # dark text on the bright cells, light text on the dark ones
            bright = count > confusion.max() / 2
            ax.text(
                predicted_digit,
                true_digit,
                count,
                ha="center",
                va="center",
                color="black" if bright else "white",
            )
ax.set_xticks(range(NUM_CLASSES))
ax.set_yticks(range(NUM_CLASSES))
ax.set_xlabel("predicted digit")
ax.set_ylabel("true digit")
ax.set_title("Confusion matrix on the test set (blank = 0)")
plt.show()
