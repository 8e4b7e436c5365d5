import torch
from torch import nn

HIDDEN_UNITS = 8
LEARNING_RATE = 0.05
NUM_EPOCHS = 500

xor_inputs = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
xor_labels = torch.tensor([[0.0], [1.0], [1.0], [0.0]])  # 1: inputs differ


def make_xor_network():
    """2 inputs -> 8 tanh hidden units -> 1 logit, with random weights."""
    return nn.Sequential(
        nn.Linear(2, HIDDEN_UNITS), nn.Tanh(), nn.Linear(HIDDEN_UNITS, 1)
    )


def train_xor(seed):
    """Train a fresh network on the four XOR points, starting from the
    random weights that `seed` draws."""
    torch.manual_seed(seed)
    network = make_xor_network()
    # sigmoid + binary cross-entropy in one, computed stably
    loss_function = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(network.parameters(), lr=LEARNING_RATE)
    for epoch in range(NUM_EPOCHS):
        optimizer.zero_grad()
        loss = loss_function(network(xor_inputs), xor_labels)
        loss.backward()
        optimizer.step()
    return network


xor_network = train_xor(seed=0)

with torch.no_grad():
    xor_logits = xor_network(xor_inputs)
    xor_loss = nn.BCEWithLogitsLoss()(xor_logits, xor_labels)
# the probability is above 1/2 exactly when the logit is positive
xor_predictions = (xor_logits > 0).float()
xor_accuracy = (xor_predictions == xor_labels).float().mean().item()
print(f"loss after {NUM_EPOCHS} epochs: {xor_loss.item():.4f}")
print(f"accuracy on the four XOR points: {xor_accuracy:.0%}")
