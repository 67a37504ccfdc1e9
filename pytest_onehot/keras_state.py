"""Keras's session and global settings around each check (a part of KerasEnv); what the settings
are and how they are read, compared and put back is `global_state`'s."""
import contextlib
import sys
import types

import numpy as np

# Keras's NumPy backend infers a layer's output shape by calling it on `np.empty` arrays: what the
# layer meets there is whatever memory held, so a verdict would depend on the run. In a check it
# meets fixed arbitrary values instead (every integer of the dtype's range, large floats), as a
# user's build meets most times (a Lambda over ops.one_hot at depth 50 failed 4 to 10 of 10 builds,
# by release, and 20 of 20 fresh processes).
ARBITRARY_SEED = 83
# The words of ArbitraryValuesError, which diagnose.exceptions reads the cause from.
UNINITIALIZED = "Keras's NumPy backend infers output shapes by calling the layer on uninitialized arrays"
FLOAT_ARRAYS = "of its float compute dtype, not of the int32 ids it is given"


def arbitrary(shape, dtype=None):
    """What `np.empty(shape, dtype)` may hold, the same on every call."""
    dtype = np.dtype(dtype or "float64")
    rng = np.random.default_rng(ARBITRARY_SEED)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    if dtype.kind == "b":
        return rng.integers(0, 2, size=shape).astype(dtype)
    return rng.uniform(-2.0 ** 15, 2.0 ** 15, size=shape).astype(dtype)


def _as_ids(backend, args):
    """`args` with every float KerasTensor made an int32 one of the same shape."""
    def ids(x):
        floating = isinstance(x, backend.KerasTensor) and "float" in str(x.dtype)
        return backend.KerasTensor(x.shape, dtype="int32") if floating else x

    return tuple(ids(x) for x in args)


def _numpy_with(empty):
    """NumPy's namespace with `empty` replaced (for one module's global `np` only)."""
    return types.SimpleNamespace(**{**vars(np), "empty": empty})


class ArbitraryValuesError(ValueError):
    """The layer cannot be called on the arbitrary values Keras's NumPy backend infers its shape from."""


class SessionState:
    """A cleared session, a dtype policy or a floatx for a block, and the state each check starts from."""

    def clear_session(self):
        clear = self.keras.backend.clear_session
        try:
            # A full gc.collect() per check costs ~0.1 s with TensorFlow loaded; Python's own
            # collector still runs. Keras 3.5+ takes free_memory; older ones do not.
            clear(free_memory=False)
        except TypeError:
            clear()

    @contextlib.contextmanager
    def dtype_policy(self, name):
        """Run under a global dtype policy; the previous one comes back whatever happens."""
        previous = self.keras.mixed_precision.global_policy().name
        self.keras.mixed_precision.set_global_policy(name)
        try:
            yield
        finally:
            self.keras.mixed_precision.set_global_policy(previous)

    @contextlib.contextmanager
    def floatx(self, name):
        """Run under floatx `name` as a process whose keras.json sets it runs: the dtype policy
        follows floatx there. Both come back whatever happens. ValueError where this Keras refuses it."""
        backend, precision = self.keras.backend, self.keras.mixed_precision
        previous = backend.floatx(), precision.global_policy().name
        backend.set_floatx(name)
        try:
            precision.set_global_policy(name)
            yield
        finally:
            backend.set_floatx(previous[0])
            precision.set_global_policy(previous[1])

    @contextlib.contextmanager
    def clean_state(self, pristine=None):
        """Start from a cleared session and the global settings the process had before the layer
        was first built (`pristine`, a global_state snapshot, else the settings now), under floatx
        float32 (global_state.catalogue_settings); put them back afterwards, with the random
        generators as they were on entry.

        The global random generators are never seeded here: seeding would reset the user's own
        random streams. The checks' own random weights come from seeded initializers (`dense`).
        Where Keras reads uninitialized memory (the NumPy backend's shape inference), the layer
        meets fixed arbitrary values (`fixed_shape_inference`).
        """
        from pytest_onehot import global_state

        state = global_state.snapshot()
        state.update(global_state.catalogue_settings(pristine or {}))
        global_state.restore(state, reseeding=False)
        self.clear_session()
        try:
            with self.fixed_shape_inference():
                yield state
        finally:
            global_state.restore(state)

    @contextlib.contextmanager
    def fixed_shape_inference(self):
        """On Keras 3's NumPy backend, shape inference calls the layer on `arbitrary` values, not on
        uninitialized memory. Where the layer raises on them but not on zeros, or (a Lambda, inferred in
        its float compute dtype) not on int32 ids, ArbitraryValuesError says so (the cause): its shape
        must be declared. Keras's own functions come back afterwards."""
        if self.backend != "numpy":
            yield
            return
        from keras.src import backend

        infer = backend.compute_output_spec
        # keras.src.backend.numpy.core up to 3.15, .ops.core in 3.16's nightlies: where it is defined.
        core = sys.modules[infer.__module__]
        if not hasattr(getattr(core, "np", None), "empty"):  # not the function known here: left as Keras has it
            yield
            return

        def passes(fn, args, kwargs):
            core.np = _numpy_with(np.zeros)
            try:
                infer(fn, *args, **kwargs)
                return True
            except Exception:
                return False
            finally:
                core.np = arbitrary_np

        def compute_output_spec(fn, *args, **kwargs):
            try:
                return infer(fn, *args, **kwargs)
            except Exception as exc:
                if passes(fn, args, kwargs):
                    said = f"{UNINITIALIZED}, and on arbitrary values it raised"
                elif passes(fn, _as_ids(backend, args), kwargs):
                    # A Lambda's shape is inferred in its float compute dtype, whatever its input's.
                    said = f"{UNINITIALIZED} {FLOAT_ARRAYS}, and on them it raised"
                else:
                    raise
                raise ArbitraryValuesError(f"{said} {type(exc).__name__}: {exc}") from exc

        arbitrary_np, keras_np = _numpy_with(arbitrary), core.np
        core.np, backend.compute_output_spec = arbitrary_np, compute_output_spec
        try:
            yield
        finally:
            core.np, backend.compute_output_spec = keras_np, infer
