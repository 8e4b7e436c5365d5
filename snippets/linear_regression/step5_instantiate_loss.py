criterion = nn.MSELoss()  # mean of (y_hat - y)^2 over the batch
