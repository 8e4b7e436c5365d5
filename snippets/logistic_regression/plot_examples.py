import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 10, figsize=(8, 1.6))
for ax, image, label in zip(axes, digits.images, digits.target):
    ax.imshow(image, cmap="gray_r")  # 8 x 8 pixels, ink from 0 to 16
    ax.set_title(f"{label}")
    ax.axis("off")
fig.suptitle("The first ten handwritten digits and their labels")
plt.show()
