# choose on validation accuracy alone: the depth with the best mean over
# the seeds, then the width with the best accuracy (the smaller on a tie)
mean_depth_accuracy = {
    num_hidden: sum(runs) / len(runs)
    for num_hidden, runs in depth_accuracies.items()
}
chosen_depth = max(mean_depth_accuracy, key=mean_depth_accuracy.get)
chosen_width = max(HIDDEN_WIDTHS, key=width_accuracies.get)

# retrain the chosen network with step 7's recipe on all training images
# (fit and validation together), then look at the test set, once
torch.manual_seed(0)
chosen_model = DeepFeedforwardModel(
    INPUT_DIM, [chosen_width] * chosen_depth, OUTPUT_DIM
)
chosen_optimizer = torch.optim.SGD(
    chosen_model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
)
shuffle_generator.manual_seed(0)
for epoch in range(SWEEP_EPOCHS):
    for images, labels in train_loader:
        chosen_optimizer.zero_grad()
        criterion(chosen_model(images), labels).backward()
        chosen_optimizer.step()

chosen_test_accuracy = accuracy(chosen_model, test_images, test_labels)
print(f"chosen: {chosen_depth} hidden layer(s) of {chosen_width} neurons")
print(f"test accuracy: {chosen_test_accuracy:.2%}")
