# in training mode, dropout zeroes each input on its own with probability
# p, a new random choice on every call, and multiplies the others by
# 1 / (1 - p); in evaluation mode it passes its input through unchanged
dropout = nn.Dropout(p=0.5)
ones = torch.ones(8)
torch.manual_seed(0)
for call in range(2):
    dropped = dropout(ones)
    zeroed = (dropped == 0).sum().item()
    print(f"dropout, train mode: {dropped.tolist()} ({zeroed} of 8 zeroed)")
dropout.eval()
print("dropout, eval mode: ", dropout(ones).tolist())
dropout.train()
many_dropped = dropout(torch.ones(100_000))
print(
    f"on 100,000 ones: {(many_dropped == 0).float().mean():.4f} zeroed,"
    f" mean {many_dropped.mean():.4f}"
)

# batch norm standardises with the batch's own mean in training mode,
# and with running averages of past batches in evaluation mode
batch_norm = nn.BatchNorm1d(3)
batch = 10 + 5 * torch.randn(4, 3)
train_means = batch_norm(batch).mean(dim=0).tolist()
batch_norm.eval()
eval_means = batch_norm(batch).mean(dim=0).tolist()
# + 0.0 turns a rounded -0.0 into 0.0
print(
    "batch norm means, train mode:", [round(m, 2) + 0.0 for m in train_means]
)
print("batch norm means, eval mode: ", [round(m, 2) + 0.0 for m in eval_means])

# evaluation: switch the model to evaluation mode, and build no graph
curve_model.eval()
graph_output = curve_model(validation_images[:1])
with torch.no_grad():
    plain_output = curve_model(validation_images[:1])
curve_model.train()  # back to training mode before any further training
for label, output in [("without", graph_output), ("with", plain_output)]:
    grad_fn = type(output.grad_fn).__name__ if output.grad_fn else None
    print(
        f"{label:>7} no_grad: requires_grad={output.requires_grad},"
        f" grad_fn={grad_fn}"
    )
