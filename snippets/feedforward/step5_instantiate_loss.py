# softmax + cross-entropy on the logits, averaged over the batch
criterion = nn.CrossEntropyLoss()
