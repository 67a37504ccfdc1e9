"""Broken: keeps Keras's input autocast, so under mixed_float16 float index 2049 becomes 2048."""
from tests.layers.base import CorpusOneHot, corpus_layer


@corpus_layer
class AutocastOneHot(CorpusOneHot):
    def __init__(self, input_dim, input_length=None, **kwargs):
        kwargs["autocast"] = True
        super().__init__(input_dim, input_length, **kwargs)


OneHot = AutocastOneHot
