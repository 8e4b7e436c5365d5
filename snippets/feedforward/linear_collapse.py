from torch import nn


def collapse(first, second):
    """The weight and bias of the one linear map equal to ``second(first(x))``.

    >>> first, second = nn.Linear(3, 5), nn.Linear(5, 2)
    >>> weight, bias = collapse(first, second)
    >>> tuple(weight.shape), tuple(bias.shape)
    ((2, 3), (2,))
    """
    # second(first(x)) = (x W1^T + b1) W2^T + b2 = x (W2 W1)^T + (W2 b1 + b2)
    weight = second.weight @ first.weight
    bias = second.weight @ first.bias + second.bias
    return weight, bias


torch.manual_seed(0)
# 64-100-10, but no activation
stacked = nn.Sequential(nn.Linear(64, 100), nn.Linear(100, 10))
combined_weight, combined_bias = collapse(stacked[0], stacked[1])

single_layer = nn.Linear(64, 10)
# copying numbers into parameters is not something to differentiate
with torch.no_grad():
    single_layer.weight.copy_(combined_weight)
    single_layer.bias.copy_(combined_bias)

some_images = test_images[:3]
with torch.no_grad():
    stacked_logits = stacked(some_images)
    single_logits = single_layer(some_images)
# raises if they differ beyond float rounding
torch.testing.assert_close(stacked_logits, single_logits)

print(
    "two layers, parameters:",
    sum(parameter.numel() for parameter in stacked.parameters()),
)
print(
    "one layer,  parameters:",
    sum(parameter.numel() for parameter in single_layer.parameters()),
)
print("first image, first four logits")
print(
    "  two layers:",
    [round(value, 3) for value in stacked_logits[0, :4].tolist()],
)
print(
    "  one layer: ",
    [round(value, 3) for value in single_logits[0, :4].tolist()],
)
