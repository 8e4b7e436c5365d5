import platform

import matplotlib
import numpy
import sklearn
import torch

print("Python:      ", platform.python_version())
print("torch:       ", torch.__version__)
print("numpy:       ", numpy.__version__)
print("matplotlib:  ", matplotlib.__version__)
print("scikit-learn:", sklearn.__version__)
# How many CPU threads PyTorch may use for one operation
print("threads:     ", torch.get_num_threads())
