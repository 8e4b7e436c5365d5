with torch.no_grad():
    xor_logits = xor_relu_network(xor_inputs)  # two logits per point
softmax_p1 = xor_logits.softmax(dim=1)[:, 1]
sigmoid_p1 = torch.sigmoid(xor_logits[:, 1] - xor_logits[:, 0])
torch.testing.assert_close(softmax_p1, sigmoid_p1)  # raises if they differ
print("softmax, P(label 1):   ", [round(p, 4) for p in softmax_p1.tolist()])
print("sigmoid(z1 - z0):      ", [round(p, 4) for p in sigmoid_p1.tolist()])
