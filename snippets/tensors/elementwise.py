a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
b = torch.tensor([[10.0, 20.0], [30.0, 40.0]])

print(a + b)  # the same as torch.add(a, b) and a.add(b)
print("torch.add gives the same:", torch.equal(a + b, torch.add(a, b)))
print(a * b)  # element by element, NOT the matrix product
print(a @ b)  # the matrix product, for comparison
print(a * 10 + 1)  # a number is applied to every element
