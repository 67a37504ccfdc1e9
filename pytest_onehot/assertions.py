"""Public assertions, and the comparisons every check uses.

`assert_one_hot` and `assert_same` are the only ways the suite compares arrays.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

import numpy as np

from pytest_onehot.diagnose import Finding, one_hot_finding, shape_finding

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from pytest_onehot.diagnose import Cause
    from pytest_onehot.keras_compat import KerasEnv


class CheckFailure(AssertionError):
    """A check found the layer wrong; the message says what and the likely cause.

    `cause` is a `diagnose.Cause` (a stable id and this run's words) or None when unknown;
    `signature` is set where the failure is an exception the layer raised.
    """

    def __init__(self, message: str, cause: Cause | None = None, signature: str | None = None, what: str = "",
                 evidence: str | None = None) -> None:
        super().__init__(message)
        self.cause = cause
        # What the layer raised, in one line with its place: failures with no known cause and
        # one signature are one bug, counted once in the summary.
        self.signature = signature
        # The parts the message was made of (because): a sharper cause can replace the cause alone.
        self.what = what
        self.evidence = str(self) if evidence is None else evidence

    @classmethod
    def because(cls, cause: Cause | None, evidence: str = "", what: str = "", signature: str | None = None) -> Self:
        """The failure of `what` (the step or output checked) for `cause` (a Cause, or None), with
        `evidence` (what was fed and seen): every message has this one shape (Finding.message)."""
        finding = Finding(evidence, cause)
        return cls(finding.message(what), cause, signature, what, evidence)

    @classmethod
    def of(cls, finding: Finding, what: str) -> Self:
        """The failure for a diagnose.Finding about `what`."""
        return cls.because(finding.cause, finding.evidence, what)

    def refined(self, cause: Cause | None) -> Self:
        """The same failure, its cause replaced by a sharper one a check established."""
        return type(self).because(cause, self.evidence, self.what, self.signature)


def assert_one_hot(output: ArrayLike, indices: ArrayLike, depth: int, what: str = "output",
                   index_dtype: str | None = None, path: str | None = None) -> None:
    """Assert `output` is exactly the one-hot encoding of integer `indices` in 0..depth-1.

    On failure the message names the likely cause and then the wrong positions
    (for instance "input cast to uint8? 300 wraps to 44 (... index 300 came back as class 44)").
    `index_dtype` and `path` ("eager" or "compiled") sharpen the diagnosis of rounded indices.
    """
    __tracebackhide__ = True
    finding = one_hot_finding(np.asarray(output), np.asarray(indices), depth, index_dtype, path)
    if finding:
        raise CheckFailure.of(finding, what)


def assert_same(actual: ArrayLike, expected: ArrayLike, what: str, atol: float = 0.0) -> None:
    """Assert two arrays have one shape and agree within `atol`."""
    __tracebackhide__ = True
    actual, expected = np.asarray(actual), np.asarray(expected)
    finding = shape_finding(actual.shape, expected.shape)
    if finding:
        raise CheckFailure.of(finding, what)
    diff = np.abs(actual.astype(np.float64) - expected.astype(np.float64))
    diff = np.where(np.isnan(diff), np.inf, diff)  # a NaN on either side is as far off as it gets
    if diff.size and not diff.max() <= atol:
        where = np.unravel_index(int(np.argmax(diff)), diff.shape)
        raise CheckFailure(f"{what}: differ by up to {diff.max():.3g} (at {tuple(map(int, where))}), allowed {atol:g}")


def embedding_pair(env: KerasEnv, layer: Any, depth: int, length: int, units: int = 4,
                   seed: int = 0) -> tuple[Any, Any, Any]:
    """OneHot -> Dense(units, no bias) and Embedding(depth, units) sharing one weight matrix, on one input: the
    two models, and one model with both outputs, to predict both with one compiled step, not two (JAX compiles
    every model's anew). Each is trained on its own: a layer that keeps a tensor across calls sees another
    graph when one train step traces both."""
    layers = env.layers()
    kernel = np.random.default_rng(seed).normal(size=(depth, units)).astype("float32")
    dense = env.dense(units, use_bias=False)
    # A layer that masks (as Embedding(mask_zero=True) does) trains with those positions out of the loss.
    embedding = layers.Embedding(depth, units, embeddings_initializer=env.initializer(seed),  # set below
                                 mask_zero=_emits_mask(env, layer))
    inp = env.input(length)
    onehot_out, embedding_out = dense(layer(inp)), embedding(inp)
    dense.set_weights([kernel])
    embedding.set_weights([kernel])
    return env.model(inp, onehot_out), env.model(inp, embedding_out), env.model(inp, [onehot_out, embedding_out])


def _emits_mask(env: KerasEnv, layer: Any) -> bool:
    """Whether the layer gives its output a mask (compute_mask, say for padding id 0)."""
    try:
        return layer.compute_mask(env.tensor(np.array([[0, 1]]), dtype="int32"), None) is not None
    except Exception:  # a layer whose compute_mask cannot take that: no mask to match
        return False


def assert_embedding_equivalent(layer: Any, depth: int, indices: ArrayLike, units: int = 4, train_steps: int = 0,
                                atol: float = 1e-6) -> None:
    """Assert `layer` followed by Dense(units, use_bias=False) equals Embedding(depth, units)
    with the Dense kernel as its embeddings: forward, and after `train_steps` identical SGD steps.
    """
    __tracebackhide__ = True
    from pytest_onehot.keras_compat import KerasEnv

    env = KerasEnv.for_layer(layer)
    indices = np.asarray(indices)
    onehot_model, embedding_model, both = embedding_pair(env, layer, depth, indices.shape[1], units)
    # Forward first: a wrong encoding shows as a wrong output, not as a weight difference later.
    actual, expected = env.predict_batch(both, indices)
    assert_same(actual, expected, "OneHot+Dense vs Embedding output", atol)
    if train_steps:
        target = np.random.default_rng(1).normal(size=indices.shape + (units,)).astype("float32")
        env.train(onehot_model, indices, target, steps=train_steps)
        env.train(embedding_model, indices, target, steps=train_steps)
        assert_same(onehot_model.get_weights()[-1], embedding_model.get_weights()[-1],
                    f"weights after {train_steps} SGD steps (OneHot+Dense vs Embedding)", atol)
