LEARNING_RATE = 0.01
MOMENTUM = 0.9

optimizer = torch.optim.SGD(
    model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
)
