"""Keras's own ways to one-hot encode indices, as Embedding-like factories for the suite.

    pytest --onehot-layer=pytest_onehot.adapters:category_encoding
    pytest --onehot-layer=pytest_onehot.adapters:integer_lookup
    pytest --onehot-layer=pytest_onehot.adapters:one_hot_lambda

Each builds the built-in on the Keras this environment means (`keras`, or `tf_keras` with
TF_USE_LEGACY_KERAS=1), exactly as a user would write it; the suite then shows what that
built-in does with (batch, length) indices on this Keras version and backend.
"""
from pytest_onehot.keras_compat import default_keras, layer_ops

keras = default_keras()
ops = layer_ops(keras)  # a module global, as in user code: a Lambda's closure holds only the depth


def category_encoding(input_dim):
    """`CategoryEncoding(num_tokens=input_dim, output_mode="one_hot")`.

    Its meaning for 2-D input changed across versions: a last axis of size 1 is encoded in place
    rather than getting a new axis, so a (batch, 1) input loses its length axis.
    """
    return keras.layers.CategoryEncoding(num_tokens=input_dim, output_mode="one_hot")


def integer_lookup(input_dim):
    """`IntegerLookup(vocabulary=range(input_dim), num_oov_indices=0, output_mode="one_hot")`:
    an identity vocabulary, so that index i is class i."""
    return keras.layers.IntegerLookup(
        vocabulary=list(range(input_dim)), num_oov_indices=0, output_mode="one_hot")


def one_hot_lambda(input_dim):
    """`Lambda(lambda x: one_hot(cast(x, "int32"), input_dim))`, with `keras.ops` on Keras 3
    and `tf.one_hot` on Keras 2: the most common hand-written form."""
    return keras.layers.Lambda(lambda x: ops.one_hot(ops.cast(x, "int32"), input_dim))
