DEEP_LAYERS = 10
DEEP_WIDTH = 100

torch.manual_seed(0)
# 1,000 random inputs whose numbers have a typical size of 1
deep_inputs = torch.randn(1000, DEEP_WIDTH)


def root_mean_square(tensor):
    return tensor.pow(2).mean().sqrt().item()


initialisers = {
    "PyTorch default": None,
    "Xavier (Glorot)": nn.init.xavier_normal_,
    "Kaiming (He)": lambda weight: nn.init.kaiming_normal_(
        weight, nonlinearity="relu"
    ),
}
deep_sizes, last_sizes = {}, {}
print(f"size of the activations after each of {DEEP_LAYERS} ReLU layers,")
print(f"mean over the seeds {SEEDS}")
for name, initialise in initialisers.items():
    sizes_per_seed = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        activations_now, sizes = deep_inputs, []
        for layer_number in range(DEEP_LAYERS):
            deep_layer = nn.Linear(DEEP_WIDTH, DEEP_WIDTH)
            if initialise is not None:
                initialise(deep_layer.weight)
                nn.init.zeros_(deep_layer.bias)
            with torch.no_grad():
                activations_now = torch.relu(deep_layer(activations_now))
            sizes.append(root_mean_square(activations_now))
        sizes_per_seed.append(sizes)
    deep_sizes[name] = torch.tensor(sizes_per_seed).mean(dim=0).tolist()
    last_sizes[name] = [sizes[-1] for sizes in sizes_per_seed]
    print(f"{name:16}", " ".join(f"{size:5.2f}" for size in deep_sizes[name]))
print(f"after layer {DEEP_LAYERS}: mean ± std (lowest to highest)")
for name, sizes in last_sizes.items():
    print(f"{name:16}", spread(sizes, ".3f"))
