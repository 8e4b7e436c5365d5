torch.manual_seed(0)  # explained in the next section

uniform = torch.rand(2, 3)  # each entry from U(0, 1)
normal = torch.randn(2, 3)  # each entry from N(0, 1)
print(uniform)
print(normal)
