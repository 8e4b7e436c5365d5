row_means = readings.mean(dim=1, keepdim=True)
print("without keepdim:", tuple(readings.mean(dim=1).shape))
print("with keepdim:   ", tuple(row_means.shape))

centred = readings - row_means  # the (2, 1) column is taken from every column
print(centred)
print("row means after centring:", centred.mean(dim=1))
