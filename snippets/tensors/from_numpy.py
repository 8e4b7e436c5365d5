import numpy as np

numpy_matrix = np.array(
    [[1.0, 2.0], [3.0, 4.0]]
)  # NumPy's default float is float64
from_numpy_copy = torch.tensor(
    numpy_matrix
)  # torch.tensor always copies the data
float32_matrix = torch.tensor(
    numpy_matrix, dtype=torch.float32
)  # the usual dtype for training

print(from_numpy_copy)
print("dtype:", from_numpy_copy.dtype, "->", float32_matrix.dtype)
