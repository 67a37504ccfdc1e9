"""An identity `Embedding(n, n)`, frozen: the embedding table is the one-hot table.

Pattern: `Embedding(n, n, weights=[np.eye(n)], trainable=False)` (here with the identity
initializer, which needs no NumPy table on the way in). Values are right, but it stores
depth x depth floats: 6.4 GB at depth 40000, so this factory refuses depths over 5000 as
the memory limit a real model would hit. Out-of-range indices are a gather out of bounds.
"""
from pytest_onehot.keras_compat import default_keras

keras = default_keras()
MAX_DEPTH = 5000


def OneHot(input_dim, input_length=None):
    if input_dim > MAX_DEPTH:
        gigabytes = 4 * input_dim**2 / 1e9
        raise MemoryError(f"an identity table of depth {input_dim} needs {gigabytes:.1f} GB")
    identity = keras.initializers.Identity()  # the string "identity" is unknown to Keras 3.0
    return keras.layers.Embedding(input_dim, input_dim, embeddings_initializer=identity, trainable=False)
