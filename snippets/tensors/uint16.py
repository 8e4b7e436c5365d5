# For example, pixels of a 16-bit camera image
pixels = torch.from_numpy(np.array([1000, 2000, 65535], dtype=np.uint16))
try:
    print(pixels + 1)
except NotImplementedError as error:
    print("pixels + 1 raised", type(error).__name__)
print(pixels.to(torch.int32) + 1)  # convert first, then compute
