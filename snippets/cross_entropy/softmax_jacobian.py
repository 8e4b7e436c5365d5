from torch.autograd.functional import jacobian

jacobian_logits = torch.tensor([1.0, -0.5, 2.0, 0.0])  # one image, K = 4
jacobian_p = softmax(jacobian_logits)
# p_j (delta_jk - p_k): the diagonal matrix of p minus p times p transposed
jacobian_by_hand = torch.diag(jacobian_p) - torch.outer(jacobian_p, jacobian_p)
# row j, column k: the derivative of p_j with respect to z_k, by autograd
jacobian_autograd = jacobian(softmax, jacobian_logits)

print("p:", jacobian_p)
print("p_j (delta_jk - p_k), by hand:\n", jacobian_by_hand)
print("torch.autograd.functional.jacobian:\n", jacobian_autograd)
same_jacobian = torch.allclose(jacobian_by_hand, jacobian_autograd)
print("equal:", same_jacobian)
# the probabilities always add up to 1, so their changes add up to 0
column_sums = jacobian_autograd.sum(dim=0)
zero_sums = torch.allclose(column_sums, torch.zeros(4), atol=1e-7)
print("every column adds up to 0:", zero_sums)
