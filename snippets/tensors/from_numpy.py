import numpy as np

numpy_matrix = np.array([[1.0, 2.0], [3.0, 4.0]])  # NumPy's default: float64
from_numpy_copy = torch.tensor(numpy_matrix)  # torch.tensor always copies
# float32 is the usual dtype for training
float32_matrix = torch.tensor(numpy_matrix, dtype=torch.float32)

print(from_numpy_copy)
print("dtype:", from_numpy_copy.dtype, "->", float32_matrix.dtype)
