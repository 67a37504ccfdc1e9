"""compat.json's keras_facts: each Keras behaviour of some releases, written once and read as the
conditions --onehot-xfail takes."""
import pytest

from pytest_onehot import expectations, facts
from pytest_onehot.diagnose import CAUSES


@pytest.mark.parametrize("name", facts.names())
def test_every_fact_parses_and_says_what_keras_does(name):
    assert facts.when(name) and facts.seen(name).strip()
    assert facts.releases(name).startswith("Keras ")


@pytest.mark.parametrize("version, backend, expected", [
    ("3.12.2", "jax", False), ("3.12.3", "jax", True), ("3.12.4", "torch", True), ("3.13.1", "jax", False),
    ("3.14.0", "tensorflow", False), ("3.15.0", "numpy", True), ("3.16.0rc1", "jax", True),
    ("2.15.0", "tensorflow", False),
])
def test_a_fact_holds_on_any_of_its_alternatives(version, backend, expected):
    assert facts.holds("clone-refuses-lambda", backend, version) is expected


def test_backend_and_version_must_both_hold():
    assert facts.holds("category-encoding-rounds-compiled", "tensorflow", "3.15.1")
    assert not facts.holds("category-encoding-rounds-compiled", "jax", "3.15.1")
    assert facts.releases("category-encoding-rounds-compiled") == "Keras 3.14+ on tensorflow"


def test_the_causes_say_the_releases_of_the_table():
    assert facts.releases("clone-refuses-lambda") == "Keras 3.12.3-3.12.4 and 3.15+"
    assert facts.releases("clone-refuses-lambda") in CAUSES["keras-clone-lambda"]


def test_a_bad_condition_is_refused_with_the_fix():
    with pytest.raises(expectations.ExpectationError, match="condition 'jaxx' .* did you mean 'jax'"):
        expectations.conditions("jaxx@keras>=3", "keras_facts")


@pytest.mark.parametrize("version, backend, said", [("3.3.3", "numpy", True), ("3.4.1", "numpy", False),
                                                     ("3.0.5", "jax", False)])
def test_a_squeezed_axis_names_the_keras_that_drops_it_itself(version, backend, said):
    """ops.one_hot drops an axis of size 1 on Keras 3.0-3.3's NumPy backend (seen: (1, 1) ids give
    (1, 5) on 3.0.5 and 3.3.3, (1, 1, 5) on 3.4.1): a layer calling it fails for that, and says so."""
    from types import SimpleNamespace

    from pytest_onehot.assertions import CheckFailure
    from pytest_onehot.checks.context import note_keras_facts
    from pytest_onehot.diagnose import Cause

    seen = {}
    ctx = SimpleNamespace(env=SimpleNamespace(backend=backend, version=version), observe=seen.__setitem__)
    note_keras_facts(ctx, CheckFailure.because(Cause.general("squeezed-axis"), "output (1, 5)"))
    assert bool(seen) is said
    if said:
        assert seen == {f"keras {version} itself": f"{facts.seen('numpy-one-hot-squeezes')} (numpy-one-hot-squeezes)"}
