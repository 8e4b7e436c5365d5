numbers = torch.arange(12)  # 0, 1, ..., 11: twelve numbers in a row
grid = numbers.view(3, 4)  # the same twelve numbers, seen as 3 rows of 4
print(grid)
# -1 means "work this length out for me"
print("view(2, -1):", tuple(numbers.view(2, -1).shape))

grid[0, 0] = 100  # a view shares memory with the tensor it came from ...
print("numbers[0] is now", numbers[0].item())  # ... so numbers changed too
grid[0, 0] = 0

reshaped = numbers.reshape(4, 3)
print("view shares memory:   ", grid.data_ptr() == numbers.data_ptr())
print("reshape shares memory:", reshaped.data_ptr() == numbers.data_ptr())
