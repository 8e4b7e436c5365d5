y = (x**2).sum()
y.backward()
print(
    "after a second backward:", x.grad
)  # added to the old gradient, not replacing it

x.grad.zero_()  # clear it, as training loops do before each backward
y = (x**2).sum()
y.backward()
print("after zeroing first:    ", x.grad)
print("as NumPy:", x.detach().numpy())  # x.numpy() raises: x requires grad
