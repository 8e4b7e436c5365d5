# Prices of 3 products (columns) in 2 shops (rows)
prices = torch.tensor([[4.0, 2.0, 8.0], [5.0, 3.0, 7.0]])  # shape (2, 3)
product_tax = torch.tensor([0.5, 0.2, 1.0])  # shape (3,): one per product
shop_fee = torch.tensor([[1.0], [2.0]])  # shape (2, 1): one per shop

print(prices + product_tax)  # (2, 3) with (3,): added to each row
print(prices + shop_fee)  # (2, 3) with (2, 1): added to each column

# Nothing is copied: the stretched tensor reads the same three numbers
# again for every row, which a stride of 0 along the new axis expresses
stretched_tax = product_tax.expand(2, 3)
print("stretched shape:", tuple(stretched_tax.shape))
print("its strides:    ", stretched_tax.stride())
