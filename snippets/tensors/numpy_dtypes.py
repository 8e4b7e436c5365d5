NUMBER_DTYPES = ["float64", "float32", "float16", "complex64"]
NUMBER_DTYPES += ["int64", "int32", "int16", "int8", "uint8", "uint16"]
NUMPY_DTYPES = [*NUMBER_DTYPES, "bool", "object", "str"]

for name in NUMPY_DTYPES:
    array = np.zeros(3, dtype=name)
    try:
        tensor = torch.from_numpy(array)
    except TypeError as error:
        print(f"{name:>9} -> not supported ({type(error).__name__})")
        continue
    print(f"{name:>9} -> {tensor.dtype}, and back: {tensor.numpy().dtype}")

# The other way: NumPy has no bfloat16,
# a 16-bit float format that PyTorch uses on accelerators
try:
    torch.zeros(3, dtype=torch.bfloat16).numpy()
except TypeError as error:
    print(f"torch.bfloat16 -> NumPy: not supported ({type(error).__name__})")
