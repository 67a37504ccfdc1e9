"""Broken: the seed's bug, indices cast to uint8 before keras one_hot (300 -> 44)."""
from tests.layers.base import CorpusOneHot, corpus_layer, ops


@corpus_layer
class Uint8OneHot(CorpusOneHot):
    index_dtype = "uint8"

    def encode(self, indices):
        return ops.one_hot(indices, self.input_dim)


OneHot = Uint8OneHot
