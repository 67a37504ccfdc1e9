"""Where in the layer's own code an exception was raised: the first frame that is not Keras, a
backend, an exporter, pytest or this plugin."""
import os
import re
import sys

from pytest_onehot import exporters
from pytest_onehot.diagnose.exceptions import chain


# Modules whose frames are never the layer's own: Keras, its backends, this plugin, pytest, the
# exporters (theirs from the exporters' routes). Judged by module name, not path: third-party
# layers live in site-packages too.
NOT_THE_LAYER = frozenset((
    "keras", "tf_keras", "tensorflow", "tf", "jax", "jaxlib", "torch", "numpy", "ml_dtypes", "optree",
    "absl", "h5py", "google", "pytest_onehot", "_pytest", "pytest", "pluggy", "hypothesis", "scipy",
    "__autograph_generated", *exporters.modules(),
))


def _is_layer_frame(frame):
    if "__autograph_generated_file" in frame.f_code.co_filename:
        return False  # TensorFlow's rewrite of the layer's code; its message names the real line
    name = frame.f_globals.get("__name__") or ""
    root = name.split(".")[0]
    if root.startswith("__autograph_generated") or root in NOT_THE_LAYER:
        return False
    stdlib = getattr(sys, "stdlib_module_names", ())  # Python 3.10+
    return root not in stdlib and root not in ("importlib", "contextlib", "functools", "threading")


def layer_frame(exc):
    """(file, line, function) of the innermost frame in the layer's own code that an exception
    (or one it was raised from) passed through; None when it never did."""
    for error in reversed(chain(exc)):  # the innermost error first: Keras re-raises the real one
        found = None
        tb = error.__traceback__
        while tb is not None:
            if _is_layer_frame(tb.tb_frame):
                found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno, tb.tb_frame.f_code.co_name)
            tb = tb.tb_next
        if found:
            return found
    # TensorFlow's graph errors list the user's own frames as text: 'File "...", line N, in call'.
    listed = _USER_CODE.findall(" ".join(str(e) for e in chain(exc)))
    return (listed[-1][0], int(listed[-1][1]), listed[-1][2]) if listed else None


_USER_CODE = re.compile(r'File "([^"]+)", line (\d+), in (\w+)')


def where(exc, base_dir=None):
    """" at path:line in func" for the layer's own frame, or "" when there is none."""
    found = layer_frame(exc)
    if found is None:
        return ""
    path, line, func = found
    base = base_dir or os.getcwd()
    if os.path.isabs(path) and path.startswith(os.path.join(base, "")):
        path = os.path.relpath(path, base)
    return f" at {path}:{line} in {func}"
