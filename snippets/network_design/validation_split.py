# a fifth of the training images become the validation set, with every
# digit in the same proportion; the test images stay untouched
fit_index, validation_index = train_test_split(
    range(len(train_labels)), test_size=0.2, stratify=y_train, random_state=0
)
fit_images, fit_labels = train_images[fit_index], train_labels[fit_index]
validation_images = train_images[validation_index]
validation_labels = train_labels[validation_index]

fit_loader = DataLoader(
    TensorDataset(fit_images, fit_labels),
    batch_size=BATCH_SIZE,
    shuffle=True,
    generator=shuffle_generator,
)
print("fit:       ", tuple(fit_images.shape))
print("validation:", tuple(validation_images.shape))
print("test:      ", tuple(test_images.shape))
