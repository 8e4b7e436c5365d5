import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(3.5, 3.5))
# Each number in the tensor becomes one square pixel: larger is darker
ax.imshow(image.numpy(), cmap="gray_r")
ax.set_title(f"A handwritten {label}, drawn from the tensor")
ax.set_xticks([])
ax.set_yticks([])
fig.tight_layout()
plt.show()
