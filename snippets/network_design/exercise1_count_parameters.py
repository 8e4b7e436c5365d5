# 64 -> 100 -> 50 -> 10: each nn.Linear(d_in, d_out) has (d_in + 1) * d_out
two_hidden_layers = nn.Sequential(
    nn.Linear(64, 100),
    nn.ReLU(),
    nn.Linear(100, 50),
    nn.ReLU(),
    nn.Linear(50, 10),
)
predicted_count = (64 + 1) * 100 + (100 + 1) * 50 + (50 + 1) * 10
counted = sum(p.numel() for p in two_hidden_layers.parameters())
print(f"predicted {predicted_count:,d}, counted {counted:,d}")
