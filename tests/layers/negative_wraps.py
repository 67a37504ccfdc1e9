"""Broken: negative indices count from the end, Python-style (-1 -> the last class)."""
from tests.layers.base import CorpusOneHot, corpus_layer, ops


@corpus_layer
class WrappingOneHot(CorpusOneHot):
    def indices(self, inputs):
        indices = super().indices(inputs)
        return ops.where(indices < 0, indices + self.input_dim, indices)


OneHot = WrappingOneHot
