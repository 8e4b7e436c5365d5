import torch

# A nested list, one inner list per row, becomes a matrix
int_matrix = torch.tensor([[1, 2, 3], [4, 5, 6]])
float_matrix = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])

print(int_matrix)
print("shape:", tuple(int_matrix.shape), " axes:", int_matrix.ndim)
print("dtype:", int_matrix.dtype)
print(float_matrix)
print("dtype:", float_matrix.dtype)
print("row 1:", float_matrix[1], " column 2:", float_matrix[:, 2])
print("element (1, 2):", float_matrix[1, 2].item())
