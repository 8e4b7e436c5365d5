import torch


def f(x):
    return x**2


X0 = 1.0  # the point where we want the slope
STEPS = [1.0, 0.5, 0.1, 0.01, 0.001, 0.0001]  # the h of each secant

# float64, because a secant slope subtracts two nearly equal numbers
x0 = torch.tensor(X0, dtype=torch.float64)
exact_slope = 2 * X0  # the derivative of x^2 is 2x

secant_slopes = []
print("      h   secant slope   derivative 2x0")
for h in STEPS:
    slope = (f(x0 + h) - f(x0)) / h  # rise over run from x0 to x0 + h
    secant_slopes.append(slope.item())
    print(f"{h:7g}   {slope.item():12.6f}   {exact_slope:14.6f}")
