LEARNING_RATE = 0.1

optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
