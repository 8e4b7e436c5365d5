factors = torch.arange(1, 11)  # shape (10,)
# (10, 1) with (10,): the column stretches along the columns and the
# row along the rows, so every factor meets every other one
times_table = factors[:, None] * factors
print(tuple(times_table.shape))
print(times_table)
