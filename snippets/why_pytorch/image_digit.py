import torch
from sklearn.datasets import load_digits

# 1,797 scanned handwritten digits that ship with scikit-learn
digits = load_digits()

# One image: 8 x 8 grey levels, from 0 (paper) to 16 (ink)
image = torch.tensor(digits.images[0], dtype=torch.float32)
label = int(digits.target[0])
print("label:", label)
print("one image:", tuple(image.shape), image.dtype)
print(image)

# All images in one tensor, shaped (images, channels, height, width),
# the order PyTorch's image layers expect
images = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1)
print("all images:", tuple(images.shape))
