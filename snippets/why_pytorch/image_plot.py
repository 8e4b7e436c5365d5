import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(3.5, 3.5))
ax.imshow(
    image.numpy(), cmap="gray_r"
)  # each number in the tensor becomes one square pixel
ax.set_title(f"A handwritten {label}, drawn from the tensor")
ax.set_xticks([])
ax.set_yticks([])
fig.tight_layout()
plt.show()
