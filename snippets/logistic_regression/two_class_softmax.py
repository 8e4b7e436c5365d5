torch.manual_seed(0)
pair_logits = 3 * torch.randn(1000, 2)  # 1000 random pairs (z0, z1)

softmax_class_1 = softmax(pair_logits)[:, 1]
sigmoid_of_difference = sigmoid(pair_logits[:, 1] - pair_logits[:, 0])

for pair, p_soft, p_sig in zip(
    pair_logits[:3], softmax_class_1[:3], sigmoid_of_difference[:3]
):
    print(
        f"z = ({pair[0]:6.3f}, {pair[1]:6.3f})  softmax: {p_soft:.4f}  sigmoid(z1 - z0): {p_sig:.4f}"
    )
print(
    "equal on all 1000 pairs:",
    torch.allclose(softmax_class_1, sigmoid_of_difference, atol=1e-6),
)
