torch.manual_seed(0)
pair_logits = 3 * torch.randn(1000, 2)  # 1000 random pairs (z0, z1)

softmax_class_1 = softmax(pair_logits)[:, 1]
sigmoid_of_difference = sigmoid(pair_logits[:, 1] - pair_logits[:, 0])

print(f"{'z0':>7} {'z1':>7}  {'softmax(z)_1':>12}  {'sigmoid(z1 - z0)':>16}")
for (z0, z1), p_soft, p_sig in zip(
    pair_logits[:3].tolist(), softmax_class_1[:3], sigmoid_of_difference[:3]
):
    print(f"{z0:7.3f} {z1:7.3f}  {p_soft:12.4f}  {p_sig:16.4f}")
same = torch.allclose(softmax_class_1, sigmoid_of_difference, atol=1e-6)
print("equal on all 1000 pairs:", same)
