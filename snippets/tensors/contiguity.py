matrix = torch.arange(6).view(2, 3)
transposed = matrix.t()  # shape (3, 2): the same memory, read in another order
print(transposed)
print("strides:", matrix.stride(), "and", transposed.stride())
print("contiguous:", matrix.is_contiguous(), "and", transposed.is_contiguous())

try:
    transposed.view(6)
except RuntimeError as error:
    print("transposed.view(6) raised", type(error).__name__)

flat = transposed.reshape(6)  # reshape copies when a view is impossible
print("reshape:", flat)
print("shares memory:", flat.data_ptr() == matrix.data_ptr())
print("contiguous().view:", transposed.contiguous().view(6))
