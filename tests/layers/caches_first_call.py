"""Broken: remembers its first output and returns it again, so a shared layer repeats itself."""
from tests.layers.base import CorpusOneHot, corpus_layer


@corpus_layer
class CachingOneHot(CorpusOneHot):
    def call(self, inputs):
        if getattr(self, "_first", None) is None:
            self._first = super().call(inputs)
        return self._first


OneHot = CachingOneHot
