"""Layers that misbehave rather than compute wrongly, for the isolation self-tests.

Each misbehaves only for depth 400 (the narrow-uint8 checks) or one method, so that the
rest of the suite must still run and pass.
"""
import ctypes
import signal

from tests.layers.base import CorpusOneHot, corpus_layer

TRIGGER = 400


@corpus_layer
class RaisesInCall(CorpusOneHot):
    def call(self, inputs):
        if self.input_dim == TRIGGER:
            raise RuntimeError("boom in call\nsecond line of the layer's message")
        return super().call(inputs)


@corpus_layer
class RaisesInGetConfig(CorpusOneHot):
    def get_config(self):
        raise RuntimeError("boom in get_config")


@corpus_layer
class RaisesForLargeDepth(CorpusOneHot):
    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_dim > 1000:
            raise ValueError(f"depth {input_dim} is too large for this layer")
        super().__init__(input_dim, input_length, **kwargs)


@corpus_layer
class HangsInPython(CorpusOneHot):
    def call(self, inputs):
        while self.input_dim == TRIGGER:
            pass
        return super().call(inputs)


def native_sleep(library):
    """Sleep in C with SIGALRM blocked, as native code that never returns to Python would."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    library(None).sleep(3600)


@corpus_layer
class HangsInNativeCode(CorpusOneHot):
    """Native code that releases the GIL (as TensorFlow kernels do)."""

    def call(self, inputs):
        if self.input_dim == TRIGGER:
            native_sleep(ctypes.CDLL)
        return super().call(inputs)


@corpus_layer
class HangsHoldingTheGil(CorpusOneHot):
    """Native code that keeps the GIL: no Python thread can run until it returns."""

    def call(self, inputs):
        if self.input_dim == TRIGGER:
            native_sleep(ctypes.PyDLL)
        return super().call(inputs)
