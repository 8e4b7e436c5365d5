LEARNING_RATE = 0.1  # the settings we will train with
MOMENTUM = 0.9

# A loss whose gradient is 1 at every step, L(w) = w, shows what
# momentum does to the size of the steps.
w = torch.zeros(1, requires_grad=True)
momentum_demo = torch.optim.SGD([w], lr=LEARNING_RATE, momentum=MOMENTUM)
step_sizes = []
for step in range(50):
    momentum_demo.zero_grad()
    w.sum().backward()  # dL/dw = 1
    before = w.item()
    momentum_demo.step()
    step_sizes.append(before - w.item())

print(f"{'step t':>6}  {'step size':>9}  {'lr (1 - mu^t) / (1 - mu)':>24}")
for t in [1, 2, 3, 10, 20, 50]:
    # lr times the running sum 1 + mu + ... + mu^(t-1) of the gradients
    expected = LEARNING_RATE * (1 - MOMENTUM**t) / (1 - MOMENTUM)
    print(f"{t:6d}  {step_sizes[t - 1]:9.4f}  {expected:24.4f}")
print(f"lr / (1 - mu) = {LEARNING_RATE / (1 - MOMENTUM):.4f}")
