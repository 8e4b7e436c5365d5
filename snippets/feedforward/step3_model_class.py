class FeedforwardNeuralNetModel(nn.Module):  # (1)!
    def __init__(self, input_dim, hidden_dim, output_dim):
        super().__init__()  # (2)!
        self.fc1 = nn.Linear(input_dim, hidden_dim)  # (3)!
        self.relu = nn.ReLU()  # (4)!
        self.fc2 = nn.Linear(hidden_dim, output_dim)  # (5)!

    def forward(self, x):  # (6)!
        out = self.fc1(x)  # (7)!
        out = self.relu(out)  # (8)!
        return self.fc2(out)  # (9)!
