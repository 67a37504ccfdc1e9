"""Correct: a factory function with its own signature, adapted with --onehot-depth-arg=depth."""
from tests.layers.base import CorpusOneHot

DEPTH_ARG = "depth"


def OneHot(depth, name=None):
    return CorpusOneHot(input_dim=depth, name=name)
