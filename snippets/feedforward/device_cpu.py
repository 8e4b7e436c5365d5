device = torch.device("cpu")
