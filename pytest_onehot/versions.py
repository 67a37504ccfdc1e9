"""Versions and environment keys, read one way everywhere (the session, the report, the matrix,
the gate, toxgen and the corpus). Pure Python: nothing here imports Keras."""
import re
import sys


def parse(text):
    """The release numbers of a version, at most three: '3.15.1' -> (3, 15, 1), '2.22.0.dev2026' ->
    (2, 22, 0), '3.16.0rc1' -> (3, 16, 0); () for none."""
    found = []
    for part in str(text).split(".")[:3]:
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        found.append(int(digits.group()))
        if digits.group() != part:  # 0rc1, 0dev: what follows is not a release number
            break
    return tuple(found)


def minor(text):
    """'3.15.1' -> '3.15'."""
    return ".".join(str(n) for n in parse(text)[:2])


def is_keras3(version):
    return parse(version)[:1] >= (3,)


def environment_key(keras_version, backend, package="keras", tensorflow=None, export=False):
    """The Keras line and backend, named as the tox environments are: keras3.15-jax, tf2.15
    (tf.keras: the TensorFlow minor), tfkeras-tf2.21 (tf-keras), and `-export` where the exporters
    are installed."""
    if is_keras3(keras_version):
        key = f"keras{minor(keras_version)}-{backend}"
    else:
        tf_minor = minor(tensorflow or keras_version)
        key = f"tfkeras-tf{tf_minor}" if package == "tf_keras" else f"tf{tf_minor}"
    return key + ("-export" if export else "")


def loaded(name):
    """The version of module `name` if it is imported (never importing it), else None."""
    module = sys.modules.get(name)
    return getattr(module, "__version__", None) if module else None
