# None adds an axis of length 1 where it stands; ... stands for all the
# axes before it. So quantities[..., None] is quantities.unsqueeze(-1).
per_shop = quantities[..., None]
unsqueezed = quantities.unsqueeze(-1)
print(tuple(quantities.shape), "->", tuple(per_shop.shape))
print("the same as unsqueeze(-1):", torch.equal(per_shop, unsqueezed))

costs = prices * per_shop  # (2, 3) with (2, 1): each row times its quantity
print(costs)
