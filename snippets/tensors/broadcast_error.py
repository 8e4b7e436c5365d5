import textwrap

quantities = torch.tensor([10.0, 20.0])  # shape (2,): one per shop
try:
    prices * quantities  # (2, 3) with (2,): the last sizes, 3 and 2, clash
except RuntimeError as error:
    # The message, wrapped to fit the screen
    print(textwrap.fill(str(error), width=70, break_on_hyphens=False))
