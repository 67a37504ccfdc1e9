"""Broken: get_config() leaves out input_dim, so the layer cannot be rebuilt."""
from tests.layers.base import CorpusOneHot, corpus_layer


@corpus_layer
class ForgetfulOneHot(CorpusOneHot):
    def get_config(self):
        config = super().get_config()
        del config["input_dim"]
        return config


OneHot = ForgetfulOneHot
