"""The seed recipe with the cast fixed: `K.one_hot(K.cast(x, 'int32'), n)` in a Lambda (Keras 2).

Pattern: the blog post's Lambda, with uint8 replaced by int32. The values are right on Keras 2;
the Lambda over a nested function still cannot be reloaded in safe mode, and on Keras 3
`tensorflow.keras.backend` has no `one_hot`, so every call fails there.
"""
from tensorflow.keras import backend as K
from tensorflow.keras.layers import Lambda


def OneHot(input_dim=None, input_length=None):
    def _one_hot(x, num_classes):
        return K.one_hot(K.cast(x, "int32"), num_classes=num_classes)

    kwargs = {"input_shape": (input_length,)} if input_length else {}
    return Lambda(_one_hot, arguments={"num_classes": input_dim}, **kwargs)
