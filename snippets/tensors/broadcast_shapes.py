# torch.broadcast_shapes applies the rules to shapes alone
SHAPE_PAIRS = [
    ((2, 3), (3,)),
    ((2, 3), (2, 1)),
    ((3, 1), (1, 4)),
    ((2, 3), (2,)),
]
for shape_a, shape_b in SHAPE_PAIRS:
    try:
        result = tuple(torch.broadcast_shapes(shape_a, shape_b))
    except RuntimeError as error:
        result = type(error).__name__
    print(shape_a, "with", shape_b, "->", result)
