"""How a layer's memory grows with depth, measured at small depths before any check needs a large one.

A one-hot layer needs O(batch * length * depth) memory. An identity table (`Embedding` with an
identity initializer, `take(eye(depth), x)`, a `depth x depth` constant) needs O(depth^2): 6.4 GB
at depth 40000, more with copies, enough to have the operating system kill the whole session.
So, before a check builds a layer for a large depth, the layer's growth is measured three ways:

- held: the bytes of the built layer's weights and array attributes at two small depths
  (exact, whatever ran before: a table built in `__init__` or `build`);
- peak: the rise of this process's peak resident memory (VmHWM, reset just before through
  /proc/self/clear_refs) while a layer built at depths 2048 and 4096 is called, and called
  again (a table built in `call` holds nothing between calls);
- traced: the peak of what Python and NumPy allocated during the second of those calls
  (tracemalloc): a table whose pages are never touched costs little resident memory, but it is
  there, and on NumPy 2 (or at a larger depth) its pages are touched.

Resident memory is unreliable where the allocator hands back memory an earlier check freed.
It cannot here for what matters: glibc serves every allocation of 32 MB or more (its largest
mmap threshold) with fresh pages from the kernel, and a float32 table at depth 4096 is 64 MB.
Smaller ones may be served from freed memory; so a peak is only believed as a table when the
larger depth shows at least MIN_TABLE["peak"] and QUADRATIC_RATIO (2.5) times the smaller one.
A fresh subprocess would avoid the question, but importing Keras again costs seconds on every
run, which is the whole catalogue's budget. The probe's depths are kept small, so that it
never needs much memory itself.
"""
import dataclasses
import tracemalloc

import numpy as np

LARGEST_DEPTH = 40000  # the largest depth the catalogue builds a layer for
SAFE_DEPTH = 4096      # depths up to this are built without asking (the probe's own largest)
HELD_DEPTHS = (256, 512)
# A warm-up, then the two measured. The warm-up is a depth the held probe (which always runs first) has
# called already on the same input: the code path is as warm, with nothing new for JAX to compile.
PEAK_DEPTHS = (HELD_DEPTHS[-1], 2048, 4096)
# Less than this at the larger depth is noise.
MIN_TABLE = {"held": 512 * 1024, "peak": 16 * 2 ** 20, "traced": 16 * 2 ** 20}
# Doubling the depth multiplies a table by 4 and an encoding by 2; measured in-process, memory
# reused at the smaller depth and compiling for new shapes blur both (seen: 2.6x-3.7x for a table
# on JAX after other sessions in the process), so the line is drawn between them.
QUADRATIC_RATIO = 2.5
# The most a layer may need at one depth. Far below what kills the machine: a table this size
# already slows every graph that captures it, and the suite's peak memory on any layer is to
# stay within 1.5x its peak on the reference layer.
MAX_BUDGET = 256 * 2 ** 20
# What confirming a table may cost once in resident memory (memory-growth measures again before
# it condemns), on top of the fresh process's import of Keras: far enough past the probe's depths
# that a table and an encoding part clearly, and small enough that the suite's peak memory on a
# table layer stays within 1.5x its peak on the reference layer (seen on TensorFlow: a child
# confirming at depth 11520 peaked at 2 GB against the reference's 690 MB). A quarter of the
# memory available bounds it further on a small machine.
CONFIRM_BUDGET = 384 * 2 ** 20
# Resident bytes per byte measured, by how it was measured. A peak is resident memory already;
# held and traced bytes are one copy of the table, and calling the layer makes more (the
# backend's tensor of it, the gather's result): seen 2.2x on TensorFlow, held at depths 4096-8192.
RESIDENT_PER_BYTE = {"held": 3, "peak": 1, "traced": 3}


@dataclasses.dataclass
class Growth:
    """Bytes at two depths, measured one way ("held", "peak" or "traced")."""

    how: str
    small: tuple  # (depth, bytes)
    large: tuple

    @property
    def quadratic(self):
        (_, low), (_, high) = self.small, self.large
        return bool(high >= MIN_TABLE[self.how] and high >= self.table_ratio() * max(low, 1))

    def table_ratio(self):
        """How much more the larger depth must need to count as a table: QUADRATIC_RATIO for a
        doubling, and for any other ratio of depths the line drawn the same way (between the
        ratio, linear, and its square). Confirmations measure at depths 1.5x-10x apart."""
        return (self.large[0] / self.small[0]) ** np.log2(QUADRATIC_RATIO)

    def projected(self, depth):
        """Bytes at `depth`, extrapolated as depth^2 from the larger measurement."""
        measured_depth, high = self.large
        return high * (depth / measured_depth) ** 2

    def describe(self, depth=LARGEST_DEPTH):
        what = {"held": "held by the built layer", "peak": "peak while calling it",
                "traced": "allocated by NumPy while calling it"}[self.how]
        return (f"{size(self.small[1])} at depth {self.small[0]} and {size(self.large[1])} at depth "
                f"{self.large[0]} {what}: about {size(self.projected(depth))} at depth {depth}")


@dataclasses.dataclass
class Profile:
    """What was measured for one factory; `note` says what could not be."""

    growths: list
    note: str = ""
    table_seen: bool = False  # the probe saw a table, confirmed beyond its depths or not

    @property
    def quadratic(self):
        return next((g for g in self.growths if g.quadratic), None)

    def affordable(self, depth):
        """False when a depth^2 layer would need more than the budget at `depth`."""
        growth = self.quadratic
        return growth is None or depth <= SAFE_DEPTH or growth.projected(depth) <= budget()


def size(n):
    for unit, scale in (("GB", 2 ** 30), ("MB", 2 ** 20), ("KB", 2 ** 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{int(n)} B"


def budget(most=MAX_BUDGET):
    """The most a layer may need at one depth: a quarter of the memory available, at most `most`."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            info = dict(line.split(":", 1) for line in f)
        available = int(info["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return min(most, MAX_BUDGET)
    return min(most, available // 4)


# -- held: weights and array attributes of the built layer -------------------------------------------

def _nbytes(value):
    """Bytes of an array-like value (NumPy, a backend tensor or a Keras variable), else None."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    shape, dtype = getattr(value, "shape", None), getattr(value, "dtype", None)
    if shape is None or dtype is None or isinstance(value, type):
        return None
    try:
        count = int(np.prod([int(d) for d in shape]))
        itemsize = np.dtype(getattr(dtype, "name", None) or str(dtype).replace("torch.", "")).itemsize
    except (TypeError, ValueError):
        return None
    return count * itemsize


def held_bytes(layer):
    """Bytes of everything array-like the layer keeps: weights, and arrays in its attributes
    (in lists, dicts and sublayers too), each counted once."""
    seen, total, todo = set(), 0, [(layer, 0)]
    while todo:
        value, level = todo.pop()
        if id(value) in seen or level > 4:
            continue
        seen.add(id(value))
        nbytes = _nbytes(value)
        if nbytes is not None:
            total += nbytes
        elif isinstance(value, (list, tuple, set)):
            todo += [(v, level + 1) for v in value]
        elif isinstance(value, dict):
            todo += [(v, level + 1) for v in value.values()]
        elif hasattr(value, "__dict__") and (value is layer or hasattr(value, "weights")):
            todo += [(w, level + 1) for w in getattr(value, "weights", [])]
            todo += [(v, level + 1) for v in vars(value).values()]
    return total


def held_growth(factory, env):
    """Held bytes at HELD_DEPTHS, each layer built and called once (tables may be built lazily)."""
    return Growth("held", *[(depth, held_at(factory, env, depth)) for depth in HELD_DEPTHS])


# -- peak: this process's peak resident memory, reset before each depth -----------------------------

def _status_kib(field):
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise OSError(f"no {field} in /proc/self/status")


def _reset_peak():
    """Reset VmHWM to the current resident size (Linux 4.0+); False where that cannot be done."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _rises(factory, env, depth):
    """What two calls of a layer built at `depth` cost: the rise of peak resident memory over each
    call ("first", "again"), and the peak of what NumPy allocated during the second ("traced"); or
    None where the peak cannot be reset. Resident memory misses a table whose pages are never
    touched: NumPy 1's np.eye is calloc'd zeros with a diagonal written, one page a row, so it
    grows linearly in resident memory (seen: 16 MB at depth 4096 on NumPy 1.26, 64 MB on 2.4)
    though it holds depth x depth floats; tracemalloc sees NumPy's allocations whole. Only the
    second call is traced: tracing slows the first call's compiling, which allocates no table."""
    x, layer, rises = env.tensor(np.zeros((2, 3)), dtype="int32"), factory.make(depth, 3), {}
    for call in ("first", "again"):
        if not _reset_peak():
            return None
        before = _status_kib("VmRSS")
        with _traced(call == "again") as traced:
            env.numpy(layer(x))
        rises[call] = max(0, _status_kib("VmHWM") - before) * 1024
    rises["traced"] = traced.peak
    return rises


class _traced:
    """tracemalloc's peak over a block (0 when `on` is false); a caller's own tracing is left on."""

    def __init__(self, on):
        self.on, self.peak = on, 0

    def __enter__(self):
        if self.on:
            self.was_tracing = tracemalloc.is_tracing()
            if not self.was_tracing:
                tracemalloc.start()
            tracemalloc.reset_peak()
            self.before = tracemalloc.get_traced_memory()[0]
        return self

    def __exit__(self, *exc):
        if self.on:
            self.peak = max(0, tracemalloc.get_traced_memory()[1] - self.before)
            if not self.was_tracing:
                tracemalloc.stop()


def peak_growth(factory, env):
    """The rise of peak resident memory while the layer built at each of PEAK_DEPTHS is called, and
    while it is called again, and what NumPy allocated then (three Growths: see _rises), or a
    string saying why it cannot be measured here. Both calls: the first also pays for compiling
    for a new shape (tens of MB on JAX, at any depth), which can hide a table; a second call may
    find the table's memory still pooled by the backend (TensorFlow's allocator keeps it), which
    hides it the other way."""
    measured = []
    for depth in PEAK_DEPTHS:
        rises = _rises(factory, env, depth)
        if rises is None:
            return "the peak resident memory cannot be measured here (it needs Linux's /proc)"
        measured.append((depth, rises))
    # The first depth only warms the code path up.
    return [Growth(how, *((depth, rises[call]) for depth, rises in measured[1:])) for how, call in PEAK_WAYS]


# The Growths peak_growth makes, each as (how, the entry of _rises it reads): "peak" twice.
PEAK_WAYS = (("peak", "first"), ("peak", "again"), ("traced", "traced"))


_PROFILES: dict = {}  # (factory function, depth_arg, kwargs) -> Profile


def profile(factory, env):
    """The memory Profile of a factory, measured once per factory function and arguments."""
    key = _key(factory)
    if key not in _PROFILES:
        _PROFILES[key] = measure(factory, env)
    return _PROFILES[key]


def measure(factory, env):
    growths, notes = [], []
    try:
        growths.append(held_growth(factory, env))
        if not growths[0].quadratic:  # a table the layer holds needs no second opinion
            peak = peak_growth(factory, env)
            if isinstance(peak, str):
                notes.append(peak)
            else:
                growths += peak
        found = Profile(growths).quadratic
        if found:
            growths, note = confirm(factory, env, found)
            notes += [note] if note else []
    except Exception as exc:  # the layer cannot be built small: the other checks say why
        notes.append(f"the layer could not be built and called at small depths: {exc}")
        found = None
    return Profile(growths, "; ".join(notes), table_seen=bool(found))


def _key(factory):
    return (factory.func, factory.depth_arg, repr(sorted(factory.kwargs.items())))


def table_seen(factory):
    """Whether memory-growth's probe saw this factory's layer build a table (measured already)."""
    found = _PROFILES.get(_key(factory))
    return bool(found and found.table_seen)


def release(env):
    """Give back what a check on a table layer left: JAX keeps every compiled program, with the
    layer's table in it as a constant, and glibc keeps freed memory in its arenas, so resident
    memory grew from check to check (a correct layer computing from a 64 MB table up to depth 4096
    peaked at 1.8x the reference layer's run on JAX; released after each check, 1.05x). Only for
    such layers: recompiling costs every other layer time for nothing."""
    import ctypes
    import gc

    if env.backend == "jax":
        import jax

        jax.clear_caches()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def confirm_depth(growth):
    """The largest depth (a multiple of 256) where `growth`, still like depth^2, costs at most
    CONFIRM_BUDGET and a quarter of the memory available in resident memory."""
    depth, high = growth.large
    cost = max(high, 1) * RESIDENT_PER_BYTE[growth.how]
    return min(LARGEST_DEPTH, int(depth * (budget(CONFIRM_BUDGET) / cost) ** 0.5) // 256 * 256)


def confirm(factory, env, growth):
    """A projection is not a measurement: measure again, the same way, at the largest depth this
    machine affords (confirm_depth). Returns (growths, note): the confirmed Growth from the
    larger depth to that one, or none and why, where the growth stopped (a table kept for small
    depths only). Where no larger depth is affordable, the projection stands."""
    depth = confirm_depth(growth)
    if depth <= growth.large[0]:
        return [growth], f"growth not confirmed past depth {growth.large[0]} (memory available here)"
    measured = measure_elsewhere(factory, growth.how, depth)
    if measured is None:  # a factory no other process can import: here, at the cost below
        measured = at(growth.how)(factory, env, depth)
    confirmed = Growth(growth.how, growth.large, (depth, measured))
    if confirmed.quadratic:
        return [confirmed], ""
    return [], (f"grew like a table up to depth {growth.large[0]} ({size(growth.large[1])}), not beyond: "
                f"{size(measured)} at depth {depth}")


# Measured in a fresh process: TensorFlow keeps the memory of a large tensor after it is freed
# (seen: 2.5 GB resident after a 1 GB table, through gc and clear_session), and every later
# measurement in this process would be served from it, hiding the next layer's table.
CHILD = """
import importlib, json, sys
args = json.loads(sys.argv[1])
sys.path[:] = args["path"]
from pytest_onehot import memory
from pytest_onehot.keras_compat import KerasEnv
from pytest_onehot.spec import Factory
module, attr = args["spec"].split(":")
func = importlib.import_module(module)
for part in attr.split("."):
    func = getattr(func, part)
factory = Factory(func, args["depth_arg"], eval(args["kwargs"]), args["spec"])
env = KerasEnv.for_layer(factory.make(8, 3))
print(json.dumps(memory.at(args["how"])(factory, env, args["depth"])))
"""
CHILD_TIMEOUT = 300


def measure_elsewhere(factory, how, depth):
    """`held_at` or `peak_at` in a fresh Python process on the factory's spec; None where that
    process cannot build the layer (a factory defined in a test, say) or fails."""
    import json
    import subprocess
    import sys

    args = {"path": sys.path, "spec": factory.spec, "depth_arg": factory.depth_arg,
            "kwargs": repr(factory.kwargs), "how": how, "depth": depth}
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(args)], capture_output=True, text=True,
                              timeout=CHILD_TIMEOUT)
        return int(json.loads(done.stdout.strip().splitlines()[-1])) if done.returncode == 0 else None
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return None


def held_at(factory, env, depth):
    """Held bytes of a layer built and called once at `depth`."""
    layer = factory.make(depth, 3)
    layer(env.tensor(np.zeros((2, 3)), dtype="int32"))
    return held_bytes(layer)


def peak_at(factory, env, depth):
    """The larger rise of peak resident memory over two calls of a layer built at `depth` (0 where
    it cannot be measured)."""
    rises = _rises(factory, env, depth) or {}
    return max(rises.get("first", 0), rises.get("again", 0))


def traced_at(factory, env, depth):
    """The peak of what NumPy allocated while a layer built at `depth` was called (0 where the
    peak resident memory cannot be reset: the calls are not made)."""
    return (_rises(factory, env, depth) or {}).get("traced", 0)


def at(how):
    """The function that measures one depth the way `how` ("held", "peak", "traced") says."""
    return {"held": held_at, "peak": peak_at, "traced": traced_at}[how]
