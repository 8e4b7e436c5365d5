# (layer name, module, input shape, output shape), filled in by the hooks
shape_table = []


def shape_recorder(name):
    def record(module, inputs, output):  # called after the layer's forward
        shape_table.append(
            (
                name,
                module.__class__.__name__,
                tuple(inputs[0].shape),
                tuple(output.shape),
            )
        )

    return record


hooks = [
    layer.register_forward_hook(shape_recorder(name))
    for name, layer in curve_model.named_children()
]
with torch.no_grad():
    curve_model(
        validation_images[:BATCH_SIZE]
    )  # one batch through the real model
for hook in hooks:
    hook.remove()  # later forward passes should not record

print(f"{'layer':<7}{'module':<8}{'input shape':<14}{'output shape'}")
for name, module_name, input_shape, output_shape in shape_table:
    print(f"{name:<7}{module_name:<8}{input_shape!s:<14}{output_shape}")
