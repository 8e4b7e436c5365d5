# a fifth of the training images become the validation set, with every
# digit in the same proportion; the test images stay untouched
fit_index, validation_index = train_test_split(
    range(len(train_labels)), test_size=0.2, stratify=y_train, random_state=0
)
fit_images, fit_labels = train_images[fit_index], train_labels[fit_index]
validation_images = train_images[validation_index]
validation_labels = train_labels[validation_index]
print("fit:       ", tuple(fit_images.shape))
print("validation:", tuple(validation_images.shape))
print("test:      ", tuple(test_images.shape))


def shuffled_batches(num_images, batch_size):
    """The numbers 0 to num_images - 1 in a new random order, in batches."""
    order = torch.randperm(num_images, generator=shuffle_generator)
    return order.split(batch_size)  # the last batch may be smaller


shuffle_generator.manual_seed(0)
print("10 images in batches of 4:")
print([batch.tolist() for batch in shuffled_batches(10, 4)])
