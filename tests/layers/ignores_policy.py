"""Broken: the output is always float32, ignoring a mixed_float16 policy."""
from tests.layers.base import CorpusOneHot, corpus_layer, ops


@corpus_layer
class Float32OneHot(CorpusOneHot):
    def call(self, inputs):
        return ops.cast(self.encode(self.indices(inputs)), "float32")


OneHot = Float32OneHot
