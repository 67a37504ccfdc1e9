"""The process-wide state a layer must leave alone: read, compared and put back in one place.

State is compared, not calls: a layer can change a setting through any door (an alias, a
`from ... import`, a setter Keras does not wrap), so every `Setting` below is read before and after
what a layer does. A random generator is compared by how it was left: one that was only drawn from
(Keras itself draws a seed from Python's and NumPy's generators when it builds a model) is not a
change; one reseeded or replaced is. Seeding calls are also recorded by wrapping the usual seeding
functions, where a reseed leaves no trace in state (the same seed again).

Only modules already imported are read: nothing here imports TensorFlow, JAX or torch.
"""
import contextlib
import dataclasses
import functools
import importlib
import json
import os
import random
import sys

import numpy as np

TWISTS = 8  # draws of up to 8 x 624 words from a generator still count as drawing, not reseeding


@dataclasses.dataclass(frozen=True)
class Setting:
    """One piece of global state: `read()` its value (None where it cannot be read here),
    `write(value)` to put it back, `default()` what a fresh import gives (to judge a change made
    while its module was first imported), `same(old, new)` whether a change is no change."""

    name: str
    module: str
    read: object
    write: object
    default: object = None
    same: object = None
    reseeding: bool = False  # a random generator: a change is a reseed

    def unchanged(self, old, new):
        return self.same(old, new) if self.same else old == new

    def describe(self, old, new):
        if self.reseeding:
            return f"{self.name} reseeded or replaced"
        return f"{self.name} {old!r} -> {new!r}"


# -- random generators: drawn from, or reseeded? ----------------------------------------------------

def _drawn_from(old, new, draw_words, state_of, read, key):
    """Whether the Mersenne Twister state `new` follows from `old` by drawing words only."""
    if key(old) == key(new):
        return True  # same 624-word key: only the position moved
    generator = state_of(old)
    for _ in range(TWISTS):
        draw_words(generator, 624)
        if key(read(generator)) == key(new):
            return True
    return False


def _python_state_of(state):
    generator = random.Random()
    generator.setstate(state)
    return generator


def _python_drawn(old, new):
    return _drawn_from(old, new, lambda g, n: [g.getrandbits(32) for _ in range(n)], _python_state_of,
                       random.Random.getstate, lambda s: s[1][:624])


def _numpy_state_of(state):
    generator = np.random.RandomState()
    generator.set_state(state)
    return generator


def _numpy_drawn(old, new):
    return _drawn_from(old, new, lambda g, n: g.bytes(4 * n), _numpy_state_of,
                       np.random.RandomState.get_state, lambda s: s[1].tobytes())


# -- readers for each library, when imported --------------------------------------------------------

def _keras_json():
    """The user's keras.json settings (Keras reads it at import), {} if none."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    try:
        with open(os.path.join(home, "keras.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def _safe_mode_module(root):
    for name in (f"{root}.src.saving.serialization_lib", f"{root}.saving.serialization_lib"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def _set_safe_mode(root, value):
    lib = _safe_mode_module(root)
    if hasattr(lib, "global_state"):  # Keras 3 keeps it in its global state, Keras 2 thread-local
        lib.global_state.set_global_attribute("safe_mode_saving", value)
    elif lib is not None:
        lib.SAFE_MODE.safe_mode = value


def keras_settings(root):
    """Keras's global settings, for the package `root` (keras or tf_keras)."""
    def keras():
        return sys.modules[root]

    def safe_mode():
        lib = _safe_mode_module(root)
        return lib.in_safe_mode() is not False if lib is not None else True

    label = "" if root == "keras" else f"{root} "
    config = _keras_json
    return [
        Setting(f"{label}floatx", root, lambda: keras().backend.floatx(), lambda v: keras().backend.set_floatx(v),
                lambda: config().get("floatx", "float32")),
        Setting(f"{label}image_data_format", root, lambda: keras().backend.image_data_format(),
                lambda v: keras().backend.set_image_data_format(v),
                lambda: config().get("image_data_format", "channels_last")),
        Setting(f"{label}epsilon", root, lambda: keras().backend.epsilon(), lambda v: keras().backend.set_epsilon(v),
                lambda: config().get("epsilon", 1e-7)),
        Setting(f"{label}dtype_policy", root, lambda: keras().mixed_precision.global_policy().name,
                lambda v: keras().mixed_precision.set_global_policy(v),
                lambda: config().get("floatx", "float32")),
        # None (never set) and True are both safe mode.
        Setting(f"{label}safe mode", root, safe_mode,
                lambda v: _set_safe_mode(root, None if v else False), lambda: True),
    ]


def _tf():
    return sys.modules["tensorflow"]


def _tf_global_generator():
    from tensorflow.python.ops import stateful_random_ops

    return stateful_random_ops.global_generator


def _set_tf_global_generator(generator):
    from tensorflow.python.ops import stateful_random_ops

    stateful_random_ops.global_generator = generator


def _tf_global_seed():
    from tensorflow.python.eager import context

    return context.global_seed()


def _set_tf_global_seed(seed):
    from tensorflow.python.eager import context

    context.set_global_seed(seed)


def _torch():
    return sys.modules["torch"]


def _jax_x64_default():
    return os.environ.get("JAX_ENABLE_X64", "").lower() in ("1", "true", "yes", "on")


SETTINGS = [
    Setting("Python's random generator", "random", random.getstate, random.setstate, same=_python_drawn,
            reseeding=True),
    Setting("NumPy's global random generator", "numpy", np.random.get_state, np.random.set_state,
            same=_numpy_drawn, reseeding=True),
    *keras_settings("keras"),
    *keras_settings("tf_keras"),
    Setting("tf.config.functions_run_eagerly()", "tensorflow", lambda: _tf().config.functions_run_eagerly(),
            lambda v: _tf().config.run_functions_eagerly(v), lambda: False),
    Setting("TensorFlow's global seed", "tensorflow", _tf_global_seed, _set_tf_global_seed, lambda: None,
            reseeding=True),
    Setting("TensorFlow's global generator", "tensorflow", _tf_global_generator, _set_tf_global_generator,
            lambda: None, same=lambda old, new: old is new, reseeding=True),
    # (initial seed, state): drawing keeps the initial seed, manual_seed and set_rng_state change it.
    Setting("torch's random generator", "torch", lambda: (_torch().initial_seed(), _torch().get_rng_state()),
            lambda v: _torch().set_rng_state(v[1]), same=lambda old, new: old[0] == new[0], reseeding=True),
    Setting("torch.get_default_dtype()", "torch", lambda: str(_torch().get_default_dtype()).replace("torch.", ""),
            lambda v: _torch().set_default_dtype(getattr(_torch(), v)), lambda: "float32"),
    Setting("torch.is_grad_enabled()", "torch", lambda: _torch().is_grad_enabled(),
            lambda v: _torch().set_grad_enabled(v), lambda: True),
    Setting("jax_enable_x64", "jax", lambda: bool(sys.modules["jax"].config.jax_enable_x64),
            lambda v: sys.modules["jax"].config.update("jax_enable_x64", v), _jax_x64_default),
]


def snapshot():
    """{setting name: value} for every setting whose module is imported and readable."""
    found = {}
    for setting in SETTINGS:
        if setting.module in sys.modules:
            try:
                found[setting.name] = setting.read()
            except Exception:  # a library version without this setting
                continue
    return found


BY_NAME = {setting.name: setting for setting in SETTINGS}


def changes(before, after, fresh=False):
    """A line per setting that differs between two snapshots. With `fresh`, a setting that only
    `after` has (its module imported in between) is compared with what a fresh import gives."""
    found = []
    for name, new in after.items():
        setting = BY_NAME[name]
        if name in before:
            old = before[name]
        elif fresh and setting.default is not None:
            old = setting.default()
        else:
            continue
        if not setting.unchanged(old, new):
            found.append(setting.describe(old, new))
    return found


def restore(state, reseeding=True):
    """Put every setting of `state` back where it differs now (random generators too, unless not
    `reseeding`): a layer's change must not leak into the next check."""
    now = snapshot()
    for name, value in state.items():
        setting = BY_NAME[name]
        if name in now and (reseeding or not setting.reseeding) and not _identical(now[name], value):
            try:
                setting.write(value)
            except Exception:  # a value this library no longer takes: leave it
                continue


def settings_of(state):
    """The part of a snapshot that is settings, not random generators."""
    return {name: value for name, value in state.items() if not BY_NAME[name].reseeding}


def catalogue_settings(state):
    """The settings every check starts from: `state`'s, under float32. A floatx set in keras.json
    (or at import) would make Keras itself round what checks feed (predict casts float inputs to
    floatx) and condemn correct layers; the `floatx` check runs the encoding under the others."""
    found = settings_of(state)
    for prefix in ("", "tf_keras "):
        floatx = found.get(f"{prefix}floatx")
        if floatx not in (None, "float32"):
            found[f"{prefix}floatx"] = "float32"
            if found.get(f"{prefix}dtype_policy") == floatx:  # the policy follows floatx
                found[f"{prefix}dtype_policy"] = "float32"
    return found


def _identical(a, b):
    try:
        return bool(a is b or a == b)
    except Exception:  # a tuple holding an array or a tensor (NumPy, torch): no truth value
        return False


# -- seeding calls, wrapped -------------------------------------------------------------------------

# Global seeding functions a layer might call: (root module, attribute path, the name users write).
# keras.utils.set_random_seed calls random.seed and np.random.seed through their modules, so
# it is caught however it was imported. TensorFlow's API namespaces (tf.random) are found through
# the root module: they are not in sys.modules under those names.
SEEDERS = (
    ("random", "seed", "random.seed"),
    ("numpy", "random.seed", "np.random.seed"),
    ("keras", "utils.set_random_seed", "keras.utils.set_random_seed"),
    ("tf_keras", "utils.set_random_seed", "tf_keras.utils.set_random_seed"),
    ("tensorflow", "random.set_seed", "tf.random.set_seed"),
    ("tensorflow", "compat.v1.set_random_seed", "tf.compat.v1.set_random_seed"),
    ("tensorflow", "compat.v1.random.set_random_seed", "tf.compat.v1.random.set_random_seed"),
    ("torch", "manual_seed", "torch.manual_seed"),
    ("torch", "random.manual_seed", "torch.random.manual_seed"),
)


def _owner(root, path):
    """(object holding the attribute, attribute name) for root.a.b.attr, or (None, name)."""
    *parents, attr = path.split(".")
    owner = sys.modules.get(root)
    for part in parents:
        owner = getattr(owner, part, None) if owner is not None else None
    return owner, attr


@contextlib.contextmanager
def watch_reseeding():
    """Record every call to a global seeding function while active: yields the list of calls
    (outermost only: keras.utils.set_random_seed(0) is one call, not three)."""
    calls, depth, patched = [], [0], []

    def wrapping(original, said):
        @functools.wraps(original)
        def seeding(*args, **kwargs):
            if depth[0] == 0:
                calls.append(f"{said}({', '.join(map(repr, args))})")
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1
        return seeding

    for root, path, said in SEEDERS:
        owner, attr = _owner(root, path)
        original = getattr(owner, attr, None) if owner is not None else None
        if callable(original) and not any(o is owner and a == attr for o, a, _ in patched):
            patched.append((owner, attr, original))
            setattr(owner, attr, wrapping(original, said))
    try:
        yield calls
    finally:
        for module, attr, original in reversed(patched):
            setattr(module, attr, original)


class Watch:
    """What a block did to global state: `before` (the snapshot it started from) and `changes`
    (a line per setting it changed and per seeding call it made)."""

    def __init__(self):
        self.before = snapshot()
        self.changes = []


@contextlib.contextmanager
def watch(put_back=True, fresh=False):
    """Watch a block's effect on global state (yields a Watch); with `put_back`, everything is
    restored afterwards. `fresh`: settings of modules the block first imports are compared with
    their defaults (an import)."""
    seen = Watch()
    with watch_reseeding() as seeded:
        try:
            yield seen
        finally:
            seen.changes += changes(seen.before, snapshot(), fresh) + [f"reseeded: {call}" for call in seeded]
            if put_back:
                restore(seen.before)


def is_reseeding(line):
    """Whether a change line is about a random generator (the `reseeds-random` cause)."""
    return line.startswith("reseeded") or " reseeded or replaced" in line
