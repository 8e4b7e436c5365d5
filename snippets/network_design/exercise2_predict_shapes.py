five_images = test_images[:5]
print("input", tuple(five_images.shape))
with torch.no_grad():
    layer_output = five_images
    for layer in two_hidden_layers:  # an nn.Sequential runs in this order
        layer_output = layer(layer_output)
        print(f"{layer.__class__.__name__:6}", tuple(layer_output.shape))
