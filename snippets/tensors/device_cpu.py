device = torch.device("cpu")

# .to(device) returns the tensor on that device
weights = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).to(device)
inputs = torch.ones(2, 1, device=device)  # or create it there directly
outputs = weights @ inputs  # both operands are on the same device

print("computed on:", outputs.device)
# .numpy() needs a tensor on the CPU
print("as NumPy:", outputs.cpu().numpy().ravel())
