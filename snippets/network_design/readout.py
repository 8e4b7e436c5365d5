first_image = validation_images[:1]  # [:1] keeps the batch dimension
first_label = validation_labels[0]

with torch.no_grad():
    # what the readout layer sees
    hidden_features = curve_model.relu(curve_model.fc1(first_image))
    logits = curve_model.fc2(hidden_features)
probabilities = logits.softmax(dim=1)

print(
    "hidden features:",
    tuple(hidden_features.shape),
    " logits:",
    tuple(logits.shape),
)
print("digit      ", "".join(f"{digit:6d}" for digit in range(OUTPUT_DIM)))
print("logit      ", "".join(f"{value:6.2f}" for value in logits[0].tolist()))
print(
    "probability",
    "".join(f"{value:6.3f}" for value in probabilities[0].tolist()),
)
print(
    "true label:",
    first_label.item(),
    " predicted:",
    probabilities.argmax(dim=1).item(),
)
