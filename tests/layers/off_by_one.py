"""Broken: every index shifted by one (a 1-based vocabulary assumption)."""
from tests.layers.base import CorpusOneHot, corpus_layer


@corpus_layer
class OffByOneOneHot(CorpusOneHot):
    def indices(self, inputs):
        return super().indices(inputs) - 1


OneHot = OffByOneOneHot
