# the first GPU if there is one, else the CPU
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
