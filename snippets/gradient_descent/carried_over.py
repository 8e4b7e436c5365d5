def central_difference(function, x, h=1e-5):
    """Estimate the derivative of `function` at `x` from both sides of it."""
    return (function(x + h) - function(x - h)) / (2 * h)
