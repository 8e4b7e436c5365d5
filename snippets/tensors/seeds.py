SEED = 42

torch.manual_seed(SEED)
first = torch.rand(2, 3)

torch.manual_seed(SEED)  # reset the generator to the same state ...
second = torch.rand(2, 3)  # ... and it produces the same numbers
third = torch.rand(2, 3)  # without a reset, the generator has moved on

print(first)
print(second)
print(third)
print("first equals second:", torch.equal(first, second))
print("second equals third:", torch.equal(second, third))
