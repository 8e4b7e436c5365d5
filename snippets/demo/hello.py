import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
print(torch.rand(3))
print("<script>alert(1)</script>")
fig, ax = plt.subplots()
ax.plot([0, 1], [0, 1])
ax.set_title("A line")
plt.show()
