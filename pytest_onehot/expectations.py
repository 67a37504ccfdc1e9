"""Declared known failures, each with the environments where it holds.

    jit-compile                  everywhere
    jit-compile@torch            on the torch backend
    save-h5@keras<3              on Keras 2 (tf.keras, tf-keras)
    clone-model@keras>=3.15      on Keras 3.15 and later
    clone-model@jax@keras>=3.12  on JAX, Keras 3.12 and later (every condition must hold)

A condition is a backend (tensorflow, jax, torch, numpy) or `keras` with one comparison
(<, <=, >, >=, ==, !=) against a version, compared on as many parts as it gives: `keras==3.12`
is every 3.12.x. One comparison per condition, so that the comma-separated command line
needs no quoting. Imports nothing heavy: settings validate these before Keras is loaded.
"""
import dataclasses
import difflib
import operator
import re

from pytest_onehot import versions

BACKENDS = ("tensorflow", "jax", "torch", "numpy")
OPERATORS = {"<=": operator.le, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
             "<": operator.lt, ">": operator.gt}
_VERSION = re.compile(r"^keras(<=|>=|==|!=|<|>)(\d+(?:\.\d+){0,2})$")
FORM = "ID, ID@BACKEND or ID@keras<OP><VERSION> (e.g. jit-compile@torch, save-h5@keras<3)"


class ExpectationError(ValueError):
    """A malformed expected failure; the message names the bad part and the fix."""


@dataclasses.dataclass(frozen=True)
class Condition:
    text: str

    def holds(self, backend, keras_version):
        if self.text in BACKENDS:
            return backend == self.text
        op, version = self.comparison()
        wanted = versions.parse(version)
        return OPERATORS[op](versions.parse(keras_version)[:len(wanted)], wanted)

    def comparison(self):
        """A version condition's (operator, version): `keras>=3.12.3` -> ('>=', '3.12.3')."""
        return _VERSION.match(self.text).groups()


@dataclasses.dataclass(frozen=True)
class Expectation:
    """One declared known failure: a check id, its conditions (all must hold) and the reason."""

    check_id: str
    conditions: tuple
    reason: str
    spec: str  # as written, e.g. "save-h5@keras<3"

    @property
    def conditional(self):
        return bool(self.conditions)

    def holds(self, backend, keras_version):
        return all(c.holds(backend, keras_version) for c in self.conditions)


def parse_one(spec, reason, known_ids, where="--onehot-xfail"):
    """`ID[@COND...]` -> Expectation, or ExpectationError naming what is wrong."""
    check_id, at, conditions_text = spec.partition("@")
    check_id = check_id.strip()
    if check_id not in known_ids:
        raise ExpectationError(f"{where}: unknown check id {check_id!r}: {_id_hint(check_id, known_ids)}"
                               "list the ids with --onehot-list-checks")
    return Expectation(check_id, conditions(conditions_text, where, spec) if at else (), reason, spec)


def conditions(text, where, spec=None):
    """`BACKEND@keras>=3.12` -> (Condition, ...), all of which must hold; or ExpectationError."""
    found = []
    for condition in (part.strip() for part in text.split("@")):
        if condition not in BACKENDS and not _VERSION.match(condition):
            close = difflib.get_close_matches(condition, BACKENDS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ExpectationError(f"{where}: condition {condition!r} of {spec or text!r} is not a backend "
                                   f"({', '.join(BACKENDS)}) or keras<OP><VERSION>: {hint}write {FORM}")
        found.append(Condition(condition))
    return tuple(found)


def _id_hint(check_id, known_ids):
    """A close check id, or the news that this is a cause id (which names no check)."""
    from pytest_onehot.diagnose import CAUSES  # only for a bad id: diagnose imports NumPy

    if check_id in CAUSES:
        return "that is a cause id, not a check id: declare the checks it fails (the summary lists them); "
    close = difflib.get_close_matches(check_id, list(known_ids), n=1)
    return f"did you mean {close[0]!r}? " if close else ""


def parse(items, known_ids, where="--onehot-xfail"):
    """Entries of the command line or ini key -> [Expectation]. Each entry is
    `SPEC[,SPEC...][: reason]`; without a reason, the declaration itself is said."""
    found = []
    for item in items:
        specs, _, reason = (part.strip() for part in str(item).partition(":"))
        for spec in filter(None, (s.strip() for s in specs.split(","))):
            found.append(parse_one(spec, reason or f"declared known failure {spec} ({where})", known_ids, where))
    return found


def reason_for(expectations, check_id, backend, keras_version):
    """The reason of the first expectation on `check_id` that holds here, else None."""
    return next((e.reason for e in expectations if e.check_id == check_id and e.holds(backend, keras_version)),
                None)
