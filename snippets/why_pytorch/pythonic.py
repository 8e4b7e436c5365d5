temperatures = torch.tensor([12.5, 14.0, 9.5, 17.0, 15.5])

# Indexing, slicing, len and loops work as they do on a Python list
print("first:", temperatures[0].item(), " count:", len(temperatures))
print("last two:", temperatures[-2:].tolist())
print("warm days:", [t.item() for t in temperatures if t > 14])


# A model is an ordinary Python class; its forward is ordinary Python code
class Thermometer(nn.Module):
    """Converts degrees Celsius to degrees Fahrenheit.

    >>> Thermometer()(torch.tensor([0.0, 100.0]))
    tensor([ 32., 212.])
    """

    def forward(self, celsius):
        return celsius * 9 / 5 + 32


print("in Fahrenheit:", Thermometer()(temperatures))
