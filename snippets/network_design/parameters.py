print(f"{'parameter':<12}{'shape':<12}{'count':>7}")
for name, parameter in curve_model.named_parameters():
    print(f"{name:<12}{tuple(parameter.shape)!s:<12}{parameter.numel():7,d}")

parameter_counts = {}
for name, layer in curve_model.named_children():
    if isinstance(layer, nn.Linear):  # ReLU has no parameters
        n_in, n_out = layer.in_features, layer.out_features
        parameter_counts[name] = layer.weight.numel() + layer.bias.numel()
        by_formula = (n_in + 1) * n_out
        print(
            f"{name}: ({n_in} + 1) x {n_out} = {by_formula:,d},"
            f" counted {parameter_counts[name]:,d}"
        )
total_parameters = sum(
    parameter.numel() for parameter in curve_model.parameters()
)
print(f"total: {total_parameters:,d}")
