print(f"{'parameter':<12}{'shape':<12}{'count':>7}")
for name, parameter in curve_model.named_parameters():
    print(f"{name:<12}{tuple(parameter.shape)!s:<12}{parameter.numel():7,d}")

parameter_counts = {}
for name, layer in curve_model.named_children():
    if isinstance(layer, nn.Linear):  # ReLU has no parameters
        d_in, d_out = layer.in_features, layer.out_features
        parameter_counts[name] = layer.weight.numel() + layer.bias.numel()
        by_formula = (d_in + 1) * d_out
        print(
            f"{name}: ({d_in} + 1) x {d_out} = {by_formula:,d},"
            f" counted {parameter_counts[name]:,d}"
        )
total_parameters = sum(
    parameter.numel() for parameter in curve_model.parameters()
)
print(f"total: {total_parameters:,d}")
