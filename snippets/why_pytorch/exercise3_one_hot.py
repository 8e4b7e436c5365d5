# Row j of the identity matrix is the one-hot vector of id j
one_hot = torch.eye(len(vocabulary))[token_ids]
print("one-hot:", tuple(one_hot.shape))
print(one_hot)

looked_up_by_product = one_hot @ embedding.weight
print("equal to the look-up:", torch.equal(looked_up_by_product, word_vectors))
