numpy_array = np.arange(4, dtype=np.float32)
shared_tensor = torch.from_numpy(numpy_array)  # (1)!

numpy_array[0] = 100.0  # change the array ...
print("array: ", numpy_array)
print("tensor:", shared_tensor)  # ... and the tensor sees the change
print("share memory:", np.shares_memory(numpy_array, shared_tensor.numpy()))
