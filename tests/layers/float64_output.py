"""Broken: the output is always float64, whatever the layer's compute dtype."""
from tests.layers.base import CorpusOneHot, corpus_layer, ops


@corpus_layer
class Float64OneHot(CorpusOneHot):
    def call(self, inputs):
        return ops.cast(self.encode(self.indices(inputs)), "float64")


OneHot = Float64OneHot
