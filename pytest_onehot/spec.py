"""Loading the layer under test: parse "module:attr", import it, adapt its signature.

Every problem here is the user's to fix, so each one becomes a one-line
``pytest.UsageError`` that names the bad value and the fix.
"""
from __future__ import annotations

import ast
import difflib
import importlib
import inspect
import re
import sys
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

import pytest

if TYPE_CHECKING:
    import os
    from types import ModuleType

    from pytest_onehot.keras_compat import KerasEnv

    # Where pytest was started (config.invocation_params.dir), or a string, or none.
    SearchDir = str | os.PathLike[str] | None

DEFAULT_DEPTH_ARG = "input_dim"
PROBE_DEPTH, PROBE_LENGTH = 100, 5

# What to install when the spec's import fails for want of a Keras stack.
_EXTRA_FOR_MODULE = {
    "keras": "pip install 'pytest-onehot[keras3]'",
    "tensorflow": "pip install 'pytest-onehot[keras3]' (or [keras2] for tf.keras 2.x)",
    "tf_keras": "pip install tf-keras (with tensorflow-cpu: --no-deps)",
    "jax": "pip install 'pytest-onehot[keras3-jax]'",
    "torch": "pip install torch",
}


def _backend_hint(missing: str) -> str | None:
    """What to do when Keras 3 reaches for TensorFlow, its default backend, on a machine that has
    another backend and no KERAS_BACKEND set: choose that backend."""
    import importlib.util
    import os

    if missing != "tensorflow" or os.environ.get("KERAS_BACKEND"):
        return None
    found = [name for name in ("jax", "torch") if importlib.util.find_spec(name) is not None]
    if not found:
        return None
    return (f"Keras 3 uses TensorFlow unless KERAS_BACKEND says otherwise, and {' and '.join(found)} is installed "
            f"here: set KERAS_BACKEND={found[0]} (or install tensorflow-cpu)")


class FactoryError(Exception):
    """The factory raised while building a layer; the message is one line."""


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Keras wraps errors raised in `call` with a preamble that says nothing about the error, and
# ends them with the call's arguments; neither is the error.
_PREAMBLE = ("exception encountered when calling",)
_TRAILER = ("arguments received by", "call arguments received by", "\u2022")
MAX_LINE = 300


def first_line(text: object, limit: int | None = MAX_LINE) -> str:
    """The first informative line of a message: no colour codes, no Keras preamble; a line that
    ends in a colon (Keras's "Error encountered:") is joined with the next, which says why.
    Cut to `limit` characters (None: not cut)."""
    lines = []
    for line in str(text).splitlines():
        line = _ANSI.sub("", line).strip()
        if line.lower().startswith(_TRAILER):
            break
        if line and not line.lower().startswith(_PREAMBLE):
            lines.append(line)
    if not lines:
        return ""
    if lines[0].lower().startswith("in user code:"):
        # TensorFlow lists the user's frames first and says what went wrong last.
        lines = [lines[-1]]
    head, tail = lines[0], ""
    if head.endswith(":") and len(lines) > 1:
        # Keep the first sentence and the reason after the colon: the middle is advice.
        lead, _, last = head.rpartition(". ")
        head = f"{lead.split('. ')[0]}. \u2026 {last}" if lead else head
        tail = " " + lines[1]
    return cut(head + tail, limit)


def cut(line: str, limit: int | None) -> str:
    """`line` in at most `limit` characters, an ellipsis marking a cut (None: not cut)."""
    return line if limit is None or len(line) <= limit else line[:limit - 1] + "\u2026"


def one_line(exc: BaseException) -> str:
    """An exception as `Type: first informative line of its message`."""
    line = first_line(exc)
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


def parse_kwarg(item: str) -> tuple[str, Any]:
    """`KEY=VALUE` -> (key, value); the value is a Python literal, else a string."""
    key, sep, raw = item.partition("=")
    key = key.strip()
    if not sep or not key.isidentifier():
        raise pytest.UsageError(
            f"--onehot-kwarg {item!r}: expected KEY=VALUE with KEY a Python name, e.g. output_mode='one_hot'"
        )
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    return key, value


def parse_spec(spec: str) -> tuple[str, str]:
    """`"pkg.mod:attr"` -> ("pkg.mod", "attr"), or a UsageError naming what is wrong."""
    fix = "use --onehot-layer=package.module:Callable, e.g. pytest_onehot.reference:OneHot"
    if spec.count(":") != 1:
        what = "has no ':'" if ":" not in spec else "has more than one ':'"
        raise pytest.UsageError(f"--onehot-layer {spec!r} {what}: {fix}")
    module, attr = (part.strip() for part in spec.split(":"))
    if not module or not attr:
        raise pytest.UsageError(f"--onehot-layer {spec!r} has an empty module or attribute: {fix}")
    return module, attr


def import_spec_module(module: str, spec: str, search_dir: SearchDir) -> ModuleType:
    """Import `module`, retrying with `search_dir` (where pytest was started) on sys.path,
    as `python -m pytest` would have it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").split(".")[0]
        backend_hint = _backend_hint(missing)
        if backend_hint:
            raise pytest.UsageError(f"--onehot-layer {spec!r}: importing {module!r} needs tensorflow, which is not "
                                    f"installed: {backend_hint}") from None
        if missing in _EXTRA_FOR_MODULE:
            raise pytest.UsageError(
                f"--onehot-layer {spec!r}: importing {module!r} needs {missing!r}, which is not installed: "
                f"{_EXTRA_FOR_MODULE[missing]}"
            ) from None
        root = module.split(".")[0]
        shadowed = exc.name != root and _shadowed(root, search_dir)
        if search_dir and root == missing and (str(search_dir) not in sys.path or shadowed):
            if shadowed:
                # An installed package of the same name (tf2onnx installs `examples`) was found
                # first and lacks the submodule: the folder pytest was started in comes first.
                for name in [n for n in sys.modules if n == root or n.startswith(root + ".")]:
                    del sys.modules[name]
            sys.path.insert(0, str(search_dir))
            return import_spec_module(module, spec, None)
        raise pytest.UsageError(
            f"--onehot-layer {spec!r}: cannot import module {module!r} ({one_line(exc)}); "
            "check the name and that its package is installed or on sys.path"
        ) from None
    except Exception as exc:  # the user's module raised on import
        raise pytest.UsageError(
            f"--onehot-layer {spec!r}: module {module!r} raised on import: {one_line(exc)}"
        ) from None


def _shadowed(root: str, search_dir: SearchDir) -> bool:
    """Whether `search_dir` holds a package or module `root` other than the one imported."""
    import os

    if not search_dir:
        return False
    here = os.path.join(str(search_dir), root)
    if not (os.path.isdir(here) or os.path.isfile(here + ".py")):
        return False
    imported = getattr(sys.modules.get(root), "__file__", None) or ""
    return not os.path.abspath(imported).startswith(os.path.abspath(here))


def resolve_attr(mod: ModuleType, attr: str, spec: str) -> Callable[..., Any]:
    obj: Any = mod
    for part in attr.split("."):
        if not hasattr(obj, part):
            names = [n for n in dir(obj) if not n.startswith("_")]
            close = difflib.get_close_matches(part, names, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise pytest.UsageError(
                f"--onehot-layer {spec!r}: {mod.__name__!r} has no attribute {part!r}{hint}"
            )
        obj = getattr(obj, part)
    if not callable(obj):
        raise pytest.UsageError(
            f"--onehot-layer {spec!r}: {attr!r} is a {type(obj).__name__}, not a callable that builds a layer"
        )
    return obj


def takes_input_length(func: Callable[..., Any]) -> bool:
    """True when `input_length` is a named parameter (not merely swallowed by **kwargs)."""
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    param = params.get("input_length")
    return param is not None and param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY)


def callable_name(func: object) -> str:
    """`module:qualname` of a callable, as a spec would name it."""
    qualname = getattr(func, "__qualname__", None)
    if qualname is None:
        return repr(func)
    module = getattr(func, "__module__", None)
    return f"{module}:{qualname}" if module else qualname


class Factory:
    """Builds fresh layers the way Embedding is called: `f(input_dim=depth[, input_length=n])`."""

    def __init__(self, func: Callable[..., Any], depth_arg: str = DEFAULT_DEPTH_ARG,
                 kwargs: Mapping[str, Any] | None = None, spec: str | None = None) -> None:
        self.func = func
        self.depth_arg = depth_arg
        self.kwargs = dict(kwargs or {})
        self.spec = spec or callable_name(func)
        self.passes_length = takes_input_length(func)
        self.keras_env: KerasEnv | None = None  # the KerasEnv its layers belong to, once known
        # Global Keras state before the first call ({package: state}), and what that call changed:
        # a layer that sets floatx in __init__ must not leak into every check, and is reported.
        self.pristine: dict[str, Any] | None = None
        self.first_call_changes: list[str] = []
        self.import_changes: list[str] = []  # what importing its module changed (load_factory)

    def __call__(self, depth: int, length: int | None = None) -> Any:
        return self.make(depth, length)

    def make(self, depth: int, length: int | None = None) -> Any:
        """A fresh layer for `depth` classes; FactoryError (one line) if the factory raises."""
        kwargs = {**self.kwargs, self.depth_arg: depth}
        if length is not None and self.passes_length:
            kwargs["input_length"] = length
        try:
            return self.func(**kwargs) if self.pristine is not None else self._first_call(kwargs)
        except Exception as exc:
            args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
            raise FactoryError(f"{self.spec}({args}) raised {one_line(exc)}{self._depth_hint(exc)}") from exc

    def _depth_hint(self, exc: Exception) -> str:
        """For a TypeError naming the depth parameter, or a required parameter the call left out (the
        depth went to **kwargs): the factory's own parameters, the likely one first."""
        if not isinstance(exc, TypeError) or not (self.depth_arg in str(exc) or "required positional" in str(exc)):
            return ""
        try:
            names = [n for n, p in inspect.signature(self.func).parameters.items()
                     if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        except (TypeError, ValueError):
            return ""
        if not names or self.depth_arg in names:
            return ""
        # Words depth parameters are named with first (depth, num_classes, vocab_size), then the closest name.
        candidates = [n for n in names if n not in ("input_length", "name", "dtype", "trainable")]
        likely = [n for n in candidates if re.search(r"depth|dim|class|vocab|size|^n$|num", n)][:1] or (
            difflib.get_close_matches(self.depth_arg, candidates, n=1, cutoff=0.3))
        guess = f"; did you mean --onehot-depth-arg={likely[0]}?" if likely else ""
        return f" (its parameters: {', '.join(names)}{guess})"

    def _first_call(self, kwargs: dict[str, Any]) -> Any:
        """The first call, watched: the global state before it is what every check starts from."""
        from pytest_onehot.global_state import watch

        with watch() as watched:
            layer = self.func(**kwargs)
        self.pristine = watched.before
        self.first_call_changes = watched.changes
        return layer

    def __repr__(self) -> str:
        return f"Factory({self.spec!r}, depth_arg={self.depth_arg!r}, kwargs={self.kwargs!r})"


def as_factory(value: Factory | Callable[..., Any]) -> Factory:
    """A fixture override may return a Factory or any Embedding-like callable."""
    return value if isinstance(value, Factory) else Factory(value)


def load_factory(spec: str, depth_arg: str = DEFAULT_DEPTH_ARG, kwarg_items: Iterable[str] = (),
                 search_dir: SearchDir = None) -> Factory:
    """Parse, import and adapt `spec`; every failure is a one-line UsageError."""
    if not depth_arg.isidentifier():
        raise pytest.UsageError(f"--onehot-depth-arg {depth_arg!r} is not a Python parameter name")
    from pytest_onehot.global_state import watch  # NumPy: late, as every heavy import here

    module, attr = parse_spec(spec)
    # What the import itself changes stays (a user's process imports it too), and is reported.
    with watch(put_back=False, fresh=True) as imported:
        found = import_spec_module(module, spec, search_dir)
    factory = Factory(resolve_attr(found, attr, spec), depth_arg, dict(parse_kwarg(item) for item in kwarg_items),
                      spec)
    factory.import_changes = imported.changes
    return factory


def probe(factory: Factory) -> KerasEnv:
    """Build two layers once, before collection: proves the factory works and picks the Keras.

    Returns the KerasEnv the layer belongs to (imports Keras, hence the late import).
    """
    from pytest_onehot.keras_compat import KerasEnv, NotAKerasLayer

    spec = factory.spec
    try:
        first = factory.make(PROBE_DEPTH, PROBE_LENGTH)
        second = factory.make(PROBE_DEPTH, PROBE_LENGTH)
    except FactoryError as exc:
        raise pytest.UsageError(
            f"--onehot-layer {spec!r}: the factory cannot build a layer: {exc}; "
            "adapt the call with --onehot-depth-arg / --onehot-kwarg or an onehot_factory fixture"
        ) from None
    try:
        env = KerasEnv.for_layer(first)
    except NotAKerasLayer as exc:
        raise pytest.UsageError(f"--onehot-layer {spec!r}: {exc}") from None
    if first is second:
        raise pytest.UsageError(
            f"--onehot-layer {spec!r} returned the same layer instance twice: "
            "the factory must build a fresh layer on every call (pass the class, not an instance)"
        )
    return env
