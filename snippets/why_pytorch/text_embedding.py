from torch import nn

SENTENCE = "the cat sat on the mat"
EMBEDDING_DIM = 4  # numbers per word; real models use hundreds

tokens = SENTENCE.split()  # the simplest tokenizer: split at spaces
vocabulary = sorted(set(tokens))  # each distinct word once, in a fixed order
word_to_id = {word: index for index, word in enumerate(vocabulary)}
token_ids = torch.tensor([word_to_id[token] for token in tokens])

torch.manual_seed(0)  # the embedding table starts random
embedding = nn.Embedding(len(vocabulary), EMBEDDING_DIM)
word_vectors = embedding(token_ids)  # row j of the table for every id j

print("tokens:    ", tokens)
print("vocabulary:", vocabulary)
print("ids:       ", token_ids.tolist())
print("table:     ", tuple(embedding.weight.shape))
print("vectors:   ", tuple(word_vectors.shape))
print(word_vectors.detach())
