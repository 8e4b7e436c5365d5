# dropout zeroes a random half of its inputs in training mode (and
# doubles the rest, to keep their mean); in evaluation mode it does nothing
dropout = nn.Dropout(p=0.5)
ones = torch.ones(8)
torch.manual_seed(0)
print("dropout, train mode:", dropout(ones).tolist())
print("dropout, train mode:", dropout(ones).tolist())  # another random half
dropout.eval()
print("dropout, eval mode: ", dropout(ones).tolist())

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
