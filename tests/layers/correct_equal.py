"""Correct: the corpus base, encoding by comparing indices with every class."""
from tests.layers.base import CorpusOneHot as OneHot  # noqa: F401

