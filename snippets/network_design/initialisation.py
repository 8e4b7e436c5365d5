INIT_STEPS = 50  # full-batch steps on the fit set


def hidden_unit_spread(model):
    """How far the hidden units' weight rows are from the first one."""
    weight = model.fc1.weight.detach()
    return (weight - weight[0]).abs().max().item()


print(f"{'start':10}{'spread of hidden units':>24}{'fit accuracy':>14}")
for start in ["zeros", "all 0.1", "default"]:
    torch.manual_seed(0)
    init_model = FeedforwardNeuralNetModel(INPUT_DIM, HIDDEN_DIM, OUTPUT_DIM)
    with torch.no_grad():
        for parameter in init_model.parameters():
            if start == "zeros":
                parameter.zero_()
            elif start == "all 0.1":
                parameter.fill_(0.1)
    init_optimizer = torch.optim.SGD(
        init_model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM
    )
    for step in range(INIT_STEPS):
        init_optimizer.zero_grad()
        criterion(init_model(fit_images), fit_labels).backward()
        init_optimizer.step()
    fit_accuracy = accuracy(init_model, fit_images, fit_labels)
    unit_spread = hidden_unit_spread(init_model)
    print(f"{start:10}{unit_spread:24.2e}{fit_accuracy:14.2%}")
