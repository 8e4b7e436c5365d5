import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

# step 1: the digits, split and standardised as in part 1
digits = load_digits()
X_train, X_test, y_train, y_test = train_test_split(
    digits.data,
    digits.target,
    test_size=0.2,
    stratify=digits.target,
    random_state=0,
)
scaler = StandardScaler().fit(X_train)  # fitted on the training set only
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

# step 2: tensors, and shuffled batches of 32 from a seeded generator
BATCH_SIZE = 32
train_images = torch.tensor(X_train, dtype=torch.float32)
train_labels = torch.tensor(y_train, dtype=torch.int64)
test_images = torch.tensor(X_test, dtype=torch.float32)
test_labels = torch.tensor(y_test, dtype=torch.int64)
shuffle_generator = torch.Generator().manual_seed(0)
train_loader = DataLoader(
    TensorDataset(train_images, train_labels),
    batch_size=BATCH_SIZE,
    shuffle=True,
    generator=shuffle_generator,
)


# step 3: the model class
class FeedforwardNeuralNetModel(nn.Module):
    def __init__(self, input_dim, hidden_dim, output_dim):
        super().__init__()
        self.fc1 = nn.Linear(input_dim, hidden_dim)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_dim, output_dim)

    def forward(self, x):
        out = self.fc1(x)
        out = self.relu(out)
        return self.fc2(out)


# steps 4 to 7: the sizes, the loss and the training settings
INPUT_DIM = 64  # 8 x 8 pixels
HIDDEN_DIM = 100
OUTPUT_DIM = 10  # one logit per digit
criterion = nn.CrossEntropyLoss()
LEARNING_RATE = 0.01
MOMENTUM = 0.9
NUM_EPOCHS = 30


def accuracy(model, images, labels):
    """The fraction of images whose largest logit is at the true label."""
    was_training = model.training
    model.eval()  # evaluation behaviour for layers such as dropout
    with torch.no_grad():  # evaluation needs no gradients
        predictions = model(images).argmax(dim=1)
    model.train(was_training)  # back to the mode it was in
    return (predictions == labels).float().mean().item()
