row_means = readings.mean(dim=1, keepdim=True)  # shape (2, 1) instead of (2,)
print(
    "shapes:", tuple(readings.mean(dim=1).shape), "and", tuple(row_means.shape)
)

centred = (
    readings - row_means
)  # the (2, 1) column is subtracted from every column
print(centred)
print("row means after centring:", centred.mean(dim=1))
