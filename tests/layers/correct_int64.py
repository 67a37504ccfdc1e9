"""Correct: indices cast to int64 (32 bits on JAX, still wide enough)."""
from tests.layers.base import CorpusOneHot, corpus_layer


@corpus_layer
class Int64OneHot(CorpusOneHot):
    index_dtype = "int64"


OneHot = Int64OneHot
