device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

matrix = torch.ones(3, 3, device=device)  # created directly on the device
product = matrix @ matrix  # computed where the data lives
print("device:", product.device)
print(product.cpu())  # back to the CPU, e.g. to print or plot
