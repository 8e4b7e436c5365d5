import copy
import math

import matplotlib.pyplot as plt

CURVE_EPOCHS = 30


def mean_loss(model, images, labels):
    """The loss on a whole set of images, in evaluation mode."""
    model.eval()
    with torch.no_grad():
        loss = criterion(model(images), labels).item()
    model.train()
    return loss


def train_with_validation(
    model,
    num_epochs,
    batch_size=BATCH_SIZE,
    learning_rate=LEARNING_RATE,
    weight_decay=0.0,
    patience=None,
    min_improvement=0.0,
):
    """Train on the fit set; after each epoch measure both losses.

    Keeps a copy of the weights from the epoch with the lowest validation
    loss, and with ``patience`` stops once the validation loss has not
    improved by ``min_improvement`` for that many epochs in a row.
    """
    shuffle_generator.manual_seed(0)  # the same order for every run
    optimizer = torch.optim.SGD(
        model.parameters(),
        lr=learning_rate,
        momentum=MOMENTUM,
        weight_decay=weight_decay,
    )
    history = {"fit": [], "validation": []}
    best_loss, best_state, epochs_without_improvement = math.inf, None, 0
    for epoch in range(num_epochs):
        for batch in shuffled_batches(len(fit_labels), batch_size):
            optimizer.zero_grad()
            criterion(model(fit_images[batch]), fit_labels[batch]).backward()
            optimizer.step()
        history["fit"].append(mean_loss(model, fit_images, fit_labels))
        validation_loss = mean_loss(
            model, validation_images, validation_labels
        )
        history["validation"].append(validation_loss)
        if validation_loss < best_loss - min_improvement:
            best_loss, epochs_without_improvement = validation_loss, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            epochs_without_improvement += 1
            if patience is not None and epochs_without_improvement == patience:
                break
    return history, best_state


torch.manual_seed(0)
curve_model = FeedforwardNeuralNetModel(INPUT_DIM, HIDDEN_DIM, OUTPUT_DIM)
curve_history, _ = train_with_validation(curve_model, CURVE_EPOCHS)

print("epoch  fit loss  validation loss")
for epoch in [1, 5, 10, 20, 30]:
    fit_loss = curve_history["fit"][epoch - 1]
    validation_loss = curve_history["validation"][epoch - 1]
    print(f"{epoch:5d}  {fit_loss:8.4f}  {validation_loss:15.4f}")

epochs = range(1, CURVE_EPOCHS + 1)
fig, ax = plt.subplots(figsize=(4.5, 3.5))
ax.plot(epochs, curve_history["fit"], label="fit set (trained on)")
ax.plot(
    epochs,
    curve_history["validation"],
    linestyle="--",
    label="validation set (held out)",
)
ax.set_yscale("log")  # the fit loss keeps shrinking by factors
ax.yaxis.set_major_formatter("{x:g}")  # 0.01, not 10^-2
ax.set_xlabel("epoch")
ax.set_ylabel("mean cross-entropy loss (log scale)")
ax.set_title("Training and validation loss: the gap opens")
ax.legend()
plt.show()
