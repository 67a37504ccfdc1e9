"""Broken: a correct subclass that is not registered, so load_model cannot find it."""
from tests.layers.base import CorpusOneHot


class UnregisteredOneHot(CorpusOneHot):
    pass


OneHot = UnregisteredOneHot
