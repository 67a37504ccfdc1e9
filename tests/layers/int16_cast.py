"""Broken: indices cast to int16, so 33000 wraps below zero."""
from tests.layers.base import CorpusOneHot, corpus_layer, ops


@corpus_layer
class Int16OneHot(CorpusOneHot):
    index_dtype = "int16"

    def encode(self, indices):
        return ops.one_hot(indices, self.input_dim)


OneHot = Int16OneHot
