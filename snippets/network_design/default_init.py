torch.manual_seed(0)
fresh_layer = nn.Linear(INPUT_DIM, HIDDEN_DIM)
bound = 1 / math.sqrt(fresh_layer.in_features)  # 1 / sqrt(fan_in)

print(f"1 / sqrt(fan_in) = {bound:.4f}")
for name in ["weight", "bias"]:
    values = getattr(fresh_layer, name).detach()
    print(f"{name:6} from {values.min():.4f} to {values.max():.4f}")
