INPUT_DIM = 64  # 8 x 8 pixels
HIDDEN_DIM = 100
OUTPUT_DIM = 10  # one logit per digit

torch.manual_seed(0)  # the starting weights are random: fix them
model = FeedforwardNeuralNetModel(INPUT_DIM, HIDDEN_DIM, OUTPUT_DIM)
print(model)
