"""Checks of derivatives shared by the three gradient lessons' tests (gradients, gradient descent, back-propagation).

A derivative is checked three ways: the analytic formula (written out in the test, independently of the page), autograd,
and a central finite difference in float64 with a step of about 1e-5.
"""

import torch
from torch.testing import assert_close

FD_STEP = 1e-5
F64 = torch.float64


def autograd_derivative(function, points):
    """Element-wise derivative by autograd (each output depends on its own input only)."""
    x = points.clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(function(x).sum(), x)
    return grad


def central_difference(function, points, step=FD_STEP):
    return (function(points + step) - function(points - step)) / (2 * step)


def assert_three_ways(function, formula, points, step=FD_STEP, fd_rtol=1e-6, atol=1e-9):
    """The formula, autograd and a float64 central difference agree at `points`.

    `atol` matters only where a derivative is near zero; pass 0 for derivatives that are small everywhere.
    """
    points = torch.as_tensor(points, dtype=F64)
    analytic = torch.as_tensor(formula(points), dtype=F64).expand_as(points)
    assert_close(autograd_derivative(function, points), analytic, rtol=1e-10, atol=atol * 1e-3)
    assert_close(central_difference(function, points, step), analytic, rtol=fd_rtol, atol=atol)


def printed_numbers(line):
    return [float(token) for token in line.replace(",", " ").split() if _is_number(token)]


def _is_number(token):
    try:
        float(token)
    except ValueError:
        return False
    return True


def three_way_lines(text):
    """The values on the page's 'formula ... / autograd ... / central difference ...' lines."""
    values = {}
    for line in text.splitlines():
        for label in ("formula", "C * A", "autograd", "central difference"):
            if line.startswith(label):
                values[label] = printed_numbers(line.split(":", 1)[1])[-1]
    return values


POINTS = torch.linspace(-2.5, 2.5, 11, dtype=F64)
