import matplotlib.pyplot as plt

fig, axes = plt.subplots(2, 5, figsize=(4.6, 2.8), layout="constrained")
for ax, image, label in zip(axes.flat, digits.images, digits.target):
    ax.imshow(image, cmap="cividis")  # 8 x 8 pixels, ink from 0 to 16
    ax.set_title(f"{label}")
    ax.axis("off")
fig.suptitle("The first ten handwritten digits and their labels")
plt.show()
