mistakes = confusion.clone()
mistakes.fill_diagonal_(0)  # keep only the off-diagonal counts
worst = mistakes.argmax().item()  # the largest count, as a flat index
worst_true, worst_predicted = divmod(worst, NUM_CLASSES)
errors_per_digit = mistakes.sum(dim=1)  # row sums: mistakes per true digit
hardest = errors_per_digit.argmax().item()

print(
    f"mistakes: {mistakes.sum()} of {len(y_test_t)} test images,",
    f"in {(mistakes > 0).sum()} of the {mistakes.numel() - NUM_CLASSES}",
    "off-diagonal cells",
)
print(
    f"most frequent: a true {worst_true} predicted as {worst_predicted},",
    f"{mistakes.max()} times",
)
print(
    f"most mistakes: digit {hardest}, wrong on {errors_per_digit[hardest]}",
    f"of its {confusion[hardest].sum()} test images",
)
