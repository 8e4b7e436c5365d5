# Without a GPU, the "meta" device stands in for one: its tensors have a
# shape and a dtype but no numbers, and it follows the same device rule
far_device = torch.device("cuda" if torch.cuda.is_available() else "meta")
far_tensor = torch.ones(3, device=far_device)

for cpu_tensor in (torch.tensor(2.0), torch.ones(1)):
    shape = tuple(cpu_tensor.shape)
    try:
        product = far_tensor * cpu_tensor
        print(f"with CPU shape {shape}: works, on {product.device.type}")
    except RuntimeError as error:
        print(f"with CPU shape {shape}: raised {type(error).__name__}")
