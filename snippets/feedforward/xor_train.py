XOR_HIDDEN_DIM = 16
XOR_STEPS = 300
XOR_LEARNING_RATE = 0.1

xor_inputs = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
xor_labels = torch.tensor([0, 1, 1, 0])  # 1 when exactly one input is 1


def train_on_xor(model):
    """Full-batch SGD with momentum on the four XOR points."""
    optimizer = torch.optim.SGD(
        model.parameters(), lr=XOR_LEARNING_RATE, momentum=0.9
    )
    for step in range(XOR_STEPS):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(xor_inputs), xor_labels)
        loss.backward()
        optimizer.step()
    return model


torch.manual_seed(0)
xor_linear_stack = train_on_xor(
    nn.Sequential(nn.Linear(2, XOR_HIDDEN_DIM), nn.Linear(XOR_HIDDEN_DIM, 2))
)
torch.manual_seed(0)  # the same starting weights, plus one ReLU
xor_relu_network = train_on_xor(
    nn.Sequential(
        nn.Linear(2, XOR_HIDDEN_DIM), nn.ReLU(), nn.Linear(XOR_HIDDEN_DIM, 2)
    )
)

with torch.no_grad():  # P(label 1): the softmax's second column
    linear_logits = xor_linear_stack(xor_inputs)
    linear_probabilities = linear_logits.softmax(dim=1)[:, 1]
    relu_probabilities = xor_relu_network(xor_inputs).softmax(dim=1)[:, 1]

print("input    label   P(1) without activation   P(1) with ReLU")
for point, label, p_linear, p_relu in zip(
    xor_inputs, xor_labels, linear_probabilities, relu_probabilities
):
    print(
        f"{point.int().tolist()}  {label.item():5d}"
        f"   {p_linear.item():22.3f}   {p_relu.item():14.3f}"
    )
