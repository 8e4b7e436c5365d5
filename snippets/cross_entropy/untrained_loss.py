import math

with torch.no_grad():  # the untrained model on all the training images
    untrained_logits = model(X_train_t)
untrained_probabilities = torch.softmax(untrained_logits, dim=1)
rows = torch.arange(len(y_train_t))
p_true = untrained_probabilities[rows, y_train_t]  # p_{i, y_i}
# equal logits, here all zero, give every class exactly 1/10
zero_logits = torch.zeros_like(untrained_logits)

uniform_loss = F.cross_entropy(zero_logits, y_train_t).item()
untrained_loss = F.cross_entropy(untrained_logits, y_train_t).item()
mean_max_probability = untrained_probabilities.max(dim=1).values.mean()
mean_p_true = p_true.mean().item()
num_unlucky = (p_true < 0.05).sum().item()

print(f"log(10):                             {math.log(10):.4f}")
print(f"loss with all-zero logits:           {uniform_loss:.4f}")
print(f"loss of the untrained model:         {untrained_loss:.4f}")
print(f"mean of the largest probability:     {mean_max_probability:.4f}")
print(f"mean probability of the true class:  {mean_p_true:.4f}")
print(f"-log of that mean probability:       {-math.log(mean_p_true):.4f}")
print(f"images whose true class gets < 0.05: {num_unlucky} of {len(p_true)}")
