criterion = (
    nn.CrossEntropyLoss()
)  # softmax + cross-entropy on the logits, averaged over the batch
