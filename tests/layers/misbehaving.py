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


class _HangsNatively(CorpusOneHot):
    """Sleeps in C with SIGALRM blocked, as native code that never returns to Python would."""

    library = None  # ctypes.CDLL releases the GIL around the call, ctypes.PyDLL keeps it

    def call(self, inputs):
        if self.input_dim == TRIGGER:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            self.library(None).sleep(3600)
        return super().call(inputs)


@corpus_layer
class HangsInNativeCode(_HangsNatively):
    """Native code that releases the GIL (as TensorFlow kernels do)."""

    library = ctypes.CDLL


@corpus_layer
class HangsHoldingTheGil(_HangsNatively):
    """Native code that keeps the GIL: no Python thread can run until it returns."""

    library = ctypes.PyDLL
