torch.manual_seed(0)
# 100 measurements of 3 quantities with very different scales and offsets
measurements = torch.randn(100, 3) * torch.tensor([1.0, 10.0, 100.0])
measurements = measurements + torch.tensor([5.0, -5.0, 50.0])

column_means = measurements.mean(dim=0, keepdim=True)  # shape (1, 3)
column_stds = measurements.std(dim=0, keepdim=True)  # shape (1, 3)
standardised = (measurements - column_means) / column_stds

print("means before:", measurements.mean(dim=0))
print("stds before: ", measurements.std(dim=0))
print("means after: ", standardised.mean(dim=0))
print("stds after:  ", standardised.std(dim=0))
