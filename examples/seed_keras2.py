"""The seed blog post's OneHot, as written, for Keras 2 (tf.keras).

Run the suite on it to see what it gets wrong:

    pytest --onehot-layer=examples.seed_keras2:OneHot

It casts indices to uint8, so every index >= 256 comes back as the wrong class
(300 -> 44), and as a Lambda over a nested function it cannot be reloaded in safe mode.
"""
from tensorflow.keras import backend as K
from tensorflow.keras.layers import Lambda


def OneHot(input_dim=None, input_length=None):
    # Check if inputs were supplied correctly
    if input_dim is None or input_length is None:
        raise TypeError("input_dim or input_length is not set")

    # Helper method (not inlined for clarity)
    def _one_hot(x, num_classes):
        return K.one_hot(K.cast(x, "uint8"), num_classes=num_classes)

    # Final layer representation as a Lambda layer
    return Lambda(_one_hot, arguments={"num_classes": input_dim}, input_shape=(input_length,))
