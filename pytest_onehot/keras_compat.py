"""The one place that knows Keras 2 from Keras 3, and one backend from another.

Nothing else in the package branches on Keras versions: checks, assertions and
layers ask a `KerasEnv` (or `layer_ops`) for what they need.
Keras, its backends and their tensors have no types of their own: they are `Any` here.
"""
from __future__ import annotations

import functools
import importlib
import os
import warnings
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from pytest_onehot import versions
from pytest_onehot.export_routes import ExportRoutes
from pytest_onehot.keras_models import Models
from pytest_onehot.keras_state import SessionState

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, DTypeLike

KERAS_ROOTS = ("keras", "tf_keras")


class NotAKerasLayer(Exception):
    """The factory returned something that is not a layer of an installed Keras."""


def legacy_keras_requested() -> bool:
    """TensorFlow's own rule: TF_USE_LEGACY_KERAS=1 makes tf.keras mean tf-keras (Keras 2)."""
    return os.environ.get("TF_USE_LEGACY_KERAS", "").strip().lower() in ("1", "true")


def default_keras() -> Any:
    """The Keras a user of this environment means: tf_keras when asked for, else keras."""
    if legacy_keras_requested():
        try:
            return importlib.import_module("tf_keras")
        except ImportError:
            pass
    return importlib.import_module("keras")


def keras_root_of(obj: object) -> str | None:
    """'keras' or 'tf_keras' when `obj` is an instance of that package's Layer, else None."""
    for cls in type(obj).__mro__:
        root = cls.__module__.split(".")[0]
        if cls.__name__ == "Layer" and root in KERAS_ROOTS:
            return root
    return None


def is_keras3(keras: Any) -> bool:
    return versions.is_keras3(keras.__version__)


def register_serializable(keras: Any, package: str) -> Callable[[type], type]:
    """The decorator that lets `load_model` find a layer class by name, on Keras 2 and 3."""
    saving = getattr(keras, "saving", None)
    register = getattr(saving, "register_keras_serializable", None) or keras.utils.register_keras_serializable
    return register(package=package)


def host_cast(array: np.ndarray, dtype: DTypeLike | None) -> np.ndarray:
    """`array` as `dtype` by NumPy, or unchanged where NumPy has no such dtype (bfloat16)."""
    if dtype is None:
        return array
    try:
        return array.astype(dtype, copy=False)
    except TypeError:
        return array


class _TensorFlowOps:
    """The few `keras.ops` a one-hot layer needs, spelt in TensorFlow for Keras 2."""

    def __init__(self) -> None:
        import tensorflow as tf

        self.tf = tf

    def __getattr__(self, name: str) -> Any:
        aliases = {"clip": "clip_by_value", "arange": "range"}
        tf = self.__dict__["tf"]
        return getattr(tf, aliases.get(name) or name, None) or getattr(tf.math, name)

    def one_hot(self, x: Any, num_classes: int, dtype: str = "float32") -> Any:
        return self.tf.one_hot(x, num_classes, dtype=dtype)


@functools.lru_cache(maxsize=None)
def layer_ops(keras: Any) -> Any:
    """`keras.ops` on Keras 3; a TensorFlow stand-in with the same names on Keras 2."""
    return keras.ops if is_keras3(keras) else _TensorFlowOps()


class KerasEnv(Models, SessionState, ExportRoutes):
    """One Keras (Keras 3 `keras`, Keras 2 `keras` from tf.keras, or `tf_keras`) and its backend: who
    it is and what it can do, and its tensors, here; models, the session and export routes in
    their own modules."""

    def __init__(self, keras: Any) -> None:
        self.keras = keras
        self.package = keras.__name__
        self.version = keras.__version__
        self.keras3 = is_keras3(keras)
        self.backend = keras.backend.backend() if self.keras3 else "tensorflow"
        self.ops = layer_ops(keras)

    @classmethod
    def for_layer(cls, layer: Any) -> KerasEnv:
        root = keras_root_of(layer)
        if root is None:
            kind = f"{type(layer).__module__}.{type(layer).__qualname__}"
            raise NotAKerasLayer(
                f"the factory returned a {kind}, not a Keras layer: return an instance of "
                "keras.layers.Layer (Keras 3) or tf.keras / tf_keras layers.Layer (Keras 2)"
            )
        return cls.named(root)

    @classmethod
    @functools.lru_cache(maxsize=None)
    def named(cls, root: str) -> KerasEnv:
        return cls(importlib.import_module(root))

    @classmethod
    def default(cls) -> KerasEnv:
        return cls.named(default_keras().__name__)

    # -- description ---------------------------------------------------------------------------
    @property
    def label(self) -> str:
        if self.keras3:
            return f"keras {self.version} ({self.backend} backend)"
        return f"{self.package} {self.version} (Keras 2, tensorflow backend)"

    @property
    def key(self) -> str:
        """The Keras line and backend, named as the tox environments are: keras3.15-jax,
        tf2.15 (tf.keras), tfkeras-tf2.21 (tf-keras)."""
        return versions.environment_key(self.version, self.backend, self.package, versions.loaded("tensorflow"))

    def versions(self) -> dict[str, str]:
        """Versions of what is loaded, for the report header and the JSON report."""
        found = {"keras_package": self.package, "keras": self.version, "backend": self.backend}
        for name in ("tensorflow", "jax", "torch", "numpy"):
            version = versions.loaded(name)
            if version:
                found[name] = version
        return found

    # -- what this environment can do -------------------------------------------------------------
    def can_fit(self) -> bool:
        return self.backend != "numpy"

    def can_jit(self, torch_compile: bool = False) -> bool:
        return self.backend in ("tensorflow", "jax") or (torch_compile and self.backend == "torch")

    def jit_compile_default(self) -> bool:
        """What `model.compile()` gives on a CPU, Keras's "auto": jax.jit on JAX; no XLA on TensorFlow (Keras
        turns it off without a GPU), no torch.compile on torch. On JAX without it every step runs op by op,
        compiling each operation for each new shape: the slowest path there, and not the one users train on."""
        return self.backend == "jax"

    def can_tf_data(self) -> bool:
        """Whether the layer can run in a tf.data map: on TensorFlow (Keras 2, or Keras 3's TF backend)."""
        return self.backend == "tensorflow"

    def save_formats(self) -> tuple[str, ...]:
        # Keras 3 writes SavedModel only through `export`, and cannot load it back as a model.
        return ("keras", "h5") if self.keras3 else ("keras", "h5", "savedmodel")

    # -- tensors -----------------------------------------------------------------------------------
    def tensor(self, array: ArrayLike, dtype: DTypeLike | None = None) -> Any:
        """A NumPy array as a tensor of `dtype`, cast on the host where NumPy has the dtype (bfloat16 aside):
        the same values, and no cast for the backend to run, which JAX compiles anew for every shape and dtype."""
        array = host_cast(np.asarray(array), dtype)
        with warnings.catch_warnings():
            # JAX warns when it narrows a 64-bit request to 32 bits; that is observed, not an error.
            warnings.simplefilter("ignore", UserWarning)
            if self.keras3:
                return self.keras.ops.convert_to_tensor(array, dtype=dtype)
            return self.ops.tf.constant(array, dtype=dtype)

    def numpy(self, tensor: Any) -> np.ndarray:
        """A NumPy array; bfloat16 (an ml_dtypes type NumPy itself lacks) comes back as float32."""
        if self.keras3:
            if not isinstance(tensor, np.ndarray) and self.dtype_name(tensor) == "bfloat16":
                tensor = self.keras.ops.cast(tensor, "float32")  # exact: bfloat16 fits in float32
            array = np.asarray(self.keras.ops.convert_to_numpy(tensor))
        else:
            array = np.asarray(tensor.numpy() if hasattr(tensor, "numpy") else tensor)
        return array.astype(np.float32) if array.dtype.name == "bfloat16" else array

    def dtype_name(self, tensor: Any) -> str:
        if self.keras3:
            return self.keras.backend.standardize_dtype(tensor.dtype)
        return self.ops.tf.as_dtype(tensor.dtype).name
