ones_tensor = torch.ones(3)
its_array = ones_tensor.numpy()  # no copy either: it uses the tensor's memory

ones_tensor.add_(1)  # change the tensor in place ...
print("tensor:", ones_tensor)
print("array: ", its_array)  # ... and the array sees the change

copied_tensor = torch.tensor(its_array)  # torch.tensor copies
its_array[0] = -1.0
print("copy:  ", copied_tensor)  # unchanged
print("share memory:", np.shares_memory(its_array, copied_tensor.numpy()))
