"""JAX's compiled programs kept between runs: most of the catalogue's time on JAX is XLA compiling.

Every new shape, depth and dtype an op meets on JAX is compiled (about 40 ms each on a 2-core CPU,
157 times for the reference layer), and the same programs are compiled again in every run. JAX can
keep them on disk (its persistent compilation cache, CPU since JAX 0.4.31): a second run of the
catalogue on the same layer loads them instead. A program loaded is the one compiled: the cache's
key holds the program, the compiler's options and versions, so no verdict depends on it.

XLA also compiles faster: from jaxlib 0.6 its CPU "fusion emitters" (the default) take about 1.7
times as long as its older emitters on the small programs the checks make (4.1 s instead of 6.9 s
of checks for the reference layer), so the session asks for those (`FAST_FLAG`), where the user's own
XLA_FLAGS do not choose and XLA has not started yet. The corpus gives the same verdicts either way.

Imports nothing heavy: JAX is configured only once the layer is known to run on it.
"""
import os

import pytest

from pytest_onehot import settings

OFF = ("off", "no", "none", "false")
CPU_SINCE = (0, 4, 31)  # the first JAX whose persistent cache serves the CPU
FOLDER = "onehot-jax"  # under pytest's cache folder: .pytest_cache/d/onehot-jax
FLAG = "--onehot-compile-cache"
FAST_FLAG = "--xla_cpu_use_fusion_emitters=false"
FAST_SINCE = (0, 6, 0)  # the first jaxlib that knows the flag: older ones abort on a flag they do not know
# Every program, however quick to compile: JAX's defaults keep only those over a second. No size limit
# (jax_compilation_cache_max_size): JAX needs the filelock package to evict, and turns the cache off
# without it.
THRESHOLDS = {"jax_persistent_cache_min_compile_time_secs": 0, "jax_persistent_cache_min_entry_size_bytes": 0}


def is_off(value):
    return value is not None and str(value).strip().lower() in OFF


def check_folder(value, base_dir):
    """The absolute folder `value` names, made now and writable, or a UsageError naming the fix."""
    if not str(value).strip():
        raise pytest.UsageError(f"{FLAG} is empty (a variable that was never set?): give a folder, or off")
    path = os.path.abspath(os.path.join(str(base_dir), str(value)))
    if os.path.exists(path) and not os.path.isdir(path):
        raise pytest.UsageError(f"{FLAG} {value!r} is a file: give a folder, or off")
    return settings.writable_folder(path, f"{FLAG} {value!r}", "that folder", "give a writable folder, or off")


def enable(config, env, resolved):
    """For this session, where the layer runs on JAX: XLA's faster-compiling emitters where it can
    (`fast_compile`), and the compiled programs kept in the folder the option names (by default
    pytest's cache folder, or the user's own JAX_COMPILATION_CACHE_DIR), or none with `off`. Returns
    the header's lines (none on another backend)."""
    if env.backend != "jax" or config.getoption("collectonly", False):  # --co compiles nothing: nothing to keep
        return ()
    fast = fast_compile(config)
    line = keep(config, resolved)
    return (line, f"onehot: {fast}") if fast else (line,)


def keep(config, resolved):
    """Where JAX keeps this session's compiled programs, as the header says it."""
    import jax

    from pytest_onehot import versions

    if versions.parse(jax.__version__) < CPU_SINCE:
        return f"onehot: JAX {jax.__version__} keeps no compiled program on a CPU (0.4.31+ do): each run compiles anew"
    value, own = resolved.value, jax.config.jax_compilation_cache_dir
    if is_off(value):
        # JAX's own cache too: "off" is a run that compiles everything, as on a fresh machine.
        configure(config, jax, {"jax_enable_compilation_cache": False})
        return f"onehot: JAX compiles anew ({resolved.source} off)"
    if value is None and own:
        where, said = own, "your JAX_COMPILATION_CACHE_DIR"
    elif value is None:
        cache = getattr(config, "cache", None)  # -p no:cacheprovider: none
        if cache is None:
            return f"onehot: JAX compiles anew (no pytest cache folder: -p no:cacheprovider; {FLAG}=FOLDER keeps them)"
        where, said = str(cache.mkdir(FOLDER)), "pytest's cache folder"
    else:
        where, said = check_folder(value, config.invocation_params.dir), resolved.source
    configure(config, jax, {"jax_compilation_cache_dir": where, **THRESHOLDS})
    return f"onehot: JAX's compiled programs are kept in {where} ({said}; {FLAG}=off compiles anew)"


def fast_compile(config):
    """XLA's faster-compiling CPU emitters for this process (`FAST_FLAG`), unless the user's XLA_FLAGS
    choose, this jaxlib does not know the flag, or XLA has already started (flags are read once, at
    its start). XLA_FLAGS comes back when the session ends; XLA keeps the flag while the process lives."""
    from importlib import metadata

    from jax._src import xla_bridge

    from pytest_onehot import versions

    own = os.environ.get("XLA_FLAGS")
    if "xla_cpu_use_fusion_emitters" in (own or ""):
        return "XLA compiles with the emitters your XLA_FLAGS choose"
    if versions.parse(metadata.version("jaxlib")) < FAST_SINCE:
        return None
    if xla_bridge.backends_are_initialized():  # in every jaxlib from FAST_SINCE on
        return "XLA had started before the session (the layer's module ran JAX): it compiles as it was set"
    os.environ["XLA_FLAGS"] = f"{own} {FAST_FLAG}" if own else FAST_FLAG
    config.add_cleanup(lambda: os.environ.pop("XLA_FLAGS", None) if own is None else os.environ.update(XLA_FLAGS=own))
    return (f"XLA compiles with its faster CPU emitters ({FAST_FLAG} in XLA_FLAGS; set "
            "xla_cpu_use_fusion_emitters in your own XLA_FLAGS to choose)")


def configure(config, jax, settings):
    """JAX's settings for this session only (older JAX lacks some): the previous ones come back
    when it ends, and JAX's cache is closed, so that a later session in this process (pytester, an
    IDE) does not go on writing into this one's folder."""
    previous = {name: getattr(jax.config, name) for name in settings if hasattr(jax.config, name)}
    for name in previous:
        jax.config.update(name, settings[name])
    reset()

    def restore():
        for name, value in previous.items():
            jax.config.update(name, value)
        reset()

    config.add_cleanup(restore)


def reset():
    """JAX decides once, at its first compilation, whether it caches: decide again."""
    try:
        from jax.experimental.compilation_cache import compilation_cache
    except ImportError:
        return
    compilation_cache.reset_cache()
