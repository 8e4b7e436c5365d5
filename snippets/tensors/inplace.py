c = torch.ones(2, 2)
address = c.data_ptr()

c.add_(a)  # c = c + a, written into c's own memory
c.mul_(2)  # c = c * 2, likewise
print(c)
print("still the same memory:", c.data_ptr() == address)
