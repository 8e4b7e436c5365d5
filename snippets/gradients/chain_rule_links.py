x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
inner = x**2  # u = x², the inner link
outer = torch.sin(inner)  # sin(u), the outer link

# torch.autograd.grad returns the derivative instead of adding it to .grad.
# It frees the recorded graph once it has walked it, unless told
# retain_graph=True: we walk the same graph a second time just below.
(d_outer_d_inner,) = torch.autograd.grad(outer, inner, retain_graph=True)
(d_outer_dx,) = torch.autograd.grad(outer, x)
d_inner_dx = 2 * x.detach()  # the derivative of x² is 2x

print(f"d sin(u)/du, autograd:   {d_outer_d_inner.item():9.6f}")
print(f"cos(u):                  {torch.cos(inner).item():9.6f}")
print(f"du/dx = 2x:              {d_inner_dx.item():9.6f}")
print(f"product of the links:    {(d_outer_d_inner * d_inner_dx).item():9.6f}")
print(f"d sin(x²)/dx, autograd:  {d_outer_dx.item():9.6f}")
