"""Keras behaviours seen on some releases only, each written once: compat.json's `keras_facts`, in the
conditions users write in --onehot-xfail (`keras>=3.15`, `tensorflow@keras>=3.14`; alternatives in a
list). The checks' messages, the causes, the self-tests' corpus and the docs read them from here, so
that a release range is never written twice. Pure Python: nothing heavy."""
import functools

from pytest_onehot import expectations, table


@functools.cache
def _facts():
    return {name: fact for name, fact in table.load()["keras_facts"].items() if name != "about"}


def names():
    return sorted(_facts())


def when(name):
    """The fact's alternatives, each a tuple of Conditions that must all hold."""
    return tuple(expectations.conditions(text, f"keras_facts[{name!r}]") for text in _facts()[name]["when"])


def conditions_text(name):
    """The alternatives as written: ['keras>=3.12.3@keras<=3.12.4', 'keras>=3.15']."""
    return list(_facts()[name]["when"])


def holds(name, backend, keras_version):
    return any(all(c.holds(backend, keras_version) for c in alternative) for alternative in when(name))


def seen(name):
    """What Keras does there, in words."""
    return _facts()[name]["seen"]


def releases(name):
    """Where the fact holds, in words: 'Keras 3.12.3-3.12.4 and 3.15+', 'Keras 3.14+ on tensorflow'."""
    return "Keras " + " and ".join(_alternative(alternative) for alternative in when(name))


def _alternative(conditions):
    backends = [c.text for c in conditions if c.text in expectations.BACKENDS]
    bounds = dict(c.comparison() for c in conditions if c.text not in expectations.BACKENDS)
    return _range(bounds) + (f" on {', '.join(backends)}" if backends else "")


def _range(bounds):
    low, high, exactly = bounds.get(">="), bounds.get("<="), bounds.get("==")
    if exactly or (low and low == high):
        return exactly or low
    if low and high:
        return f"{low}-{high}"
    return f"{low}+" if low else f"up to {high}" if high else "every release"
