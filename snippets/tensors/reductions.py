readings = torch.tensor(
    [[1.0, 6.0, 2.0], [4.0, 5.0, 9.0]]
)  # 2 rows, 3 columns

print("mean of all:", readings.mean())
print("dim=0:", readings.mean(dim=0))  # collapse the rows: one mean per column
print("dim=1:", readings.mean(dim=1))  # collapse the columns: one mean per row
print("sum, dim=0:", readings.sum(dim=0))
largest, where = readings.max(dim=1)  # each row's largest value, its column
print("max, dim=1:", largest, "at columns", where)
print("std, dim=1:", readings.std(dim=1))  # divides by n - 1
# Divides by n, as NumPy's np.std does by default
print("std, dim=1, correction=0:", readings.std(dim=1, correction=0))
