class FunctionalReLUModel(nn.Module):
    """The lesson's network with torch.relu in forward, not nn.ReLU."""

    def __init__(self, input_dim, hidden_dim, output_dim):
        super().__init__()
        self.fc1 = nn.Linear(input_dim, hidden_dim)
        self.fc2 = nn.Linear(hidden_dim, output_dim)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


functional_model = FunctionalReLUModel(INPUT_DIM, HIDDEN_DIM, OUTPUT_DIM)
print("state dict keys:", list(model.state_dict()))
functional_model.load_state_dict(model.state_dict())  # the trained weights
functional_model.to(device)
with torch.no_grad():
    same = torch.equal(
        functional_model(test_images.to(device)),
        model(test_images.to(device)),
    )
print("identical logits on every test image:", same)
print(functional_model)
