"""JAX's compiled programs kept between runs: most of the catalogue's time on JAX is XLA compiling.

Every new shape, depth and dtype an op meets on JAX is compiled (about 40 ms each on a 2-core CPU,
157 times for the reference layer), and the same programs are compiled again in every run. JAX can
keep them on disk (its persistent compilation cache, CPU since JAX 0.4.31): a second run of the
catalogue on the same layer loads them instead. A program loaded is the one compiled: the cache's
key holds the program, the compiler's options and versions, so no verdict depends on it.

Imports nothing heavy: JAX is configured only once the layer is known to run on it.
"""
import os

import pytest

OFF = ("off", "no", "none")
CPU_SINCE = (0, 4, 31)  # the first JAX whose persistent cache serves the CPU
FOLDER = "onehot-jax"  # under pytest's cache folder: .pytest_cache/d/onehot-jax
# Every program, however quick to compile: JAX's defaults keep only those over a second. No size limit
# (jax_compilation_cache_max_size): JAX needs the filelock package to evict, and turns the cache off
# without it. The catalogue's programs take about 1 MB per layer and Keras release.
OPTIONS = {"jax_persistent_cache_min_compile_time_secs": 0, "jax_persistent_cache_min_entry_size_bytes": 0}


def folder(config, value):
    """The folder the option names (None: pytest's cache folder, if its cacheprovider is on), or
    None where the cache is off. A folder that cannot be made is a UsageError."""
    if value is not None and str(value).strip().lower() in OFF:
        return None
    if value is None:
        cache = getattr(config, "cache", None)  # -p no:cacheprovider: none
        return None if cache is None else str(cache.mkdir(FOLDER))
    path = os.path.abspath(os.path.join(str(config.invocation_params.dir), str(value)))
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise pytest.UsageError(f"--onehot-compile-cache {value!r}: cannot create that folder ({exc.strerror}); "
                                "give a writable folder, or off") from None
    return path


def enable(config, env, value):
    """Keep JAX's compiled programs in the folder `value` names, for this session only, where the
    layer runs on JAX. Returns a line for the header, or None. Left alone: another backend, the
    cache off, and (unless the option names a folder) a cache the user's JAX already has."""
    if env.backend != "jax":
        return None
    import jax

    from pytest_onehot import versions

    if versions.parse(jax.__version__) < CPU_SINCE:
        return None  # JAX would take the folder and keep nothing there

    own = jax.config.jax_compilation_cache_dir
    if own and value is None:
        return f"onehot: JAX compiles into its own cache, {own}"
    path = folder(config, value)
    if path is None:
        return None
    previous = {name: getattr(jax.config, name) for name in ("jax_compilation_cache_dir", *OPTIONS)
                if hasattr(jax.config, name)}  # older JAX lacks some
    for name in previous:
        jax.config.update(name, path if name == "jax_compilation_cache_dir" else OPTIONS[name])
    reset()
    config.add_cleanup(lambda: restore(previous))
    return f"onehot: JAX's compiled programs are kept in {path} (--onehot-compile-cache; off: compile anew)"


def restore(previous):
    """JAX's own settings back, and its cache closed: a later session in this process (pytester,
    an IDE) would otherwise go on writing into this session's folder."""
    import jax

    for name, value in previous.items():
        jax.config.update(name, value)
    reset()


def reset():
    """JAX decides once, at its first compilation, whether it caches: decide again."""
    try:
        from jax.experimental.compilation_cache import compilation_cache
    except ImportError:
        return
    compilation_cache.reset_cache()
