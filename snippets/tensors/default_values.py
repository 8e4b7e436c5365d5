print(torch.zeros(2, 3))
print(torch.ones(2, 3))
print(torch.full((2, 3), 7.0))  # any constant
print(torch.eye(3))  # the identity matrix: ones on the diagonal
print(torch.zeros_like(float_matrix))  # the shape and dtype of another tensor
