from torch import nn


class LinearRegressionModel(nn.Module):
    def __init__(self, input_dim, output_dim):
        super().__init__()
        self.linear = nn.Linear(input_dim, output_dim)  # holds w and b

    def forward(self, x):
        return self.linear(x)  # y_hat = x w + b
