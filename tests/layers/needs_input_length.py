"""Broken: like the seed, refuses to be built without input_length."""
from tests.layers.base import CorpusOneHot, corpus_layer


@corpus_layer
class LengthOneHot(CorpusOneHot):
    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is None:
            raise TypeError("input_dim or input_length is not set")
        super().__init__(input_dim, input_length, **kwargs)


OneHot = LengthOneHot
