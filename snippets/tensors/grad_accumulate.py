y = (x**2).sum()
y.backward()
# The new gradient is added to the old one instead of replacing it
print("after a second backward:", x.grad)

x.grad.zero_()  # clear it, as training loops do before each backward
y = (x**2).sum()
y.backward()
print("after zeroing first:    ", x.grad)
print("as NumPy:", x.detach().numpy())  # x.numpy() raises: x requires grad
