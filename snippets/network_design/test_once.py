# choose on validation accuracy alone: the depth and the width with the
# best mean over the seeds (the smaller on a tie)
mean_depth_accuracy = {
    num_hidden: sum(runs) / len(runs)
    for num_hidden, runs in depth_accuracies.items()
}
mean_width_accuracy = {
    width: sum(runs) / len(runs) for width, runs in width_accuracies.items()
}
chosen_depth = max(mean_depth_accuracy, key=mean_depth_accuracy.get)
chosen_width = max(mean_width_accuracy, key=mean_width_accuracy.get)

# retrain the chosen network with the sweeps' recipe (SWEEP_EPOCHS epochs,
# batches of SWEEP_BATCH_SIZE) on all training images (fit and validation
# together), then look at the test set, once
torch.manual_seed(0)
chosen_model = DeepFeedforwardModel(
    INPUT_DIM, [chosen_width] * chosen_depth, OUTPUT_DIM
)
chosen_optimizer = torch.optim.SGD(
    chosen_model.parameters(), lr=SWEEP_LEARNING_RATE, momentum=MOMENTUM
)
shuffle_generator.manual_seed(0)
for epoch in range(SWEEP_EPOCHS):
    for batch in shuffled_batches(len(train_labels), SWEEP_BATCH_SIZE):
        chosen_optimizer.zero_grad()
        loss = criterion(
            chosen_model(train_images[batch]), train_labels[batch]
        )
        loss.backward()
        chosen_optimizer.step()

chosen_test_accuracy = accuracy(chosen_model, test_images, test_labels)
print(f"chosen: {chosen_depth} hidden layer(s) of {chosen_width} neurons")
print(f"test accuracy: {chosen_test_accuracy:.2%}")
