LEARNING_RATE = 0.1
MOMENTUM = 0.9

criterion = (
    nn.CrossEntropyLoss()
)  # log_softmax + nll_loss in one step, on the logits
optimizer = torch.optim.SGD(
    model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
)
