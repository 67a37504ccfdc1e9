"""Broken: squeezes its output, so a batch of one loses its axes."""
from tests.layers.base import CorpusOneHot, corpus_layer, ops


@corpus_layer
class SqueezingOneHot(CorpusOneHot):
    def call(self, inputs):
        return ops.squeeze(super().call(inputs))


OneHot = SqueezingOneHot
