"""Every check fails on a layer with exactly the bug it targets and passes on correct ones; every
cause the suite can name reaches a layer it describes, and no correct layer gets one; where Keras
itself gives a layer its cause (compat.json's keras_facts), the summary and the report say so."""
import functools
import json
import pathlib
import tempfile

import pytest

from pytest_onehot import facts
from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks import CHECKS
from pytest_onehot.checks.context import KERAS_FACTS_BEHIND
from pytest_onehot.diagnose import CAUSES
from pytest_onehot.exporters import EXPORTERS
from pytest_onehot.keras_compat import KerasEnv
from pytest_onehot.suite import run_check
from tests import corpus

ENV = KerasEnv.default()
WORK = tempfile.TemporaryDirectory(prefix="onehot-corpus-")  # removed when the process ends


OBSERVED = {}  # (check id, layer) -> what the check noted (said when a check passes where it must not)


@functools.lru_cache(maxsize=None)
def outcome(check_id, name):
    """'passed', 'skipped', or the CheckFailure of one check on one corpus layer (run once: the
    failure tests and the cause tests read the same runs)."""
    folder = pathlib.Path(WORK.name) / f"{check_id}-{name}"
    folder.mkdir()
    notes = OBSERVED.setdefault((check_id, name), {})
    try:
        run_check(CHECKS[check_id], corpus.factory(name), folder, record=notes.__setitem__)
    except CheckFailure as exc:
        return exc
    except pytest.skip.Exception:
        return "skipped"
    return "passed"


def test_every_check_is_targeted_by_a_broken_layer():
    assert sorted(corpus.MUST_FAIL) == sorted(CHECKS), "checks without a broken layer (or stale entries)"
    assert all(corpus.MUST_FAIL[c] for c in CHECKS)


def test_every_cause_is_proven_by_a_layer():
    assert sorted(corpus.CAUSED_BY) == sorted(CAUSES), "causes no layer receives (or stale entries)"


def test_the_corpus_is_large_enough():
    assert len(corpus.broken_layers()) >= 40 and len(corpus.CORRECT) >= 6


FAILURES = [(check_id, name) for check_id, entries in corpus.MUST_FAIL.items()
            for name, where in entries if where(ENV)]


def by_layer(pairs):
    """Parameters grouped by layer for pytest-xdist (--dist loadgroup): one worker runs a layer's
    checks, once, for the failure and the cause tests alike."""
    return [pytest.param(first, name, id=f"{first}-{name}", marks=pytest.mark.xdist_group(name))
            for first, name in pairs]


@pytest.mark.parametrize("check_id, name", by_layer(FAILURES))
def test_check_fails_on_its_broken_layer(check_id, name):
    result = outcome(check_id, name)
    if result == "skipped":
        # Where a check cannot run here, its entry must not claim a failure.
        pytest.fail(f"{check_id} skipped on {ENV.label}: restrict the entry for {name}")
    assert isinstance(result, CheckFailure), \
        f"{check_id} passed on the broken layer {name} (observed: {OBSERVED[check_id, name] or 'nothing'})"
    assert "\n" not in str(result), "a failure is one line"


def causes_received(name):
    """{cause id: a message} over the checks this layer must fail here."""
    found = {}
    for check_id in sorted({c for c, n in FAILURES if n == name}):
        result = outcome(check_id, name)
        if isinstance(result, CheckFailure) and result.cause is not None:
            found.setdefault(result.cause.id, str(result))
    return found


PROOFS = [(cause_id, name) for cause_id, entries in corpus.CAUSED_BY.items()
          for name, where in entries if where(ENV)]


@pytest.mark.parametrize("cause_id, name", by_layer(PROOFS))
def test_cause_reaches_the_layer_it_describes(cause_id, name):
    received = causes_received(name)
    assert cause_id in received, (name, sorted(received))
    assert CAUSES[cause_id]  # the summary has its words


def test_every_keras_fact_behind_a_cause_is_proven_by_a_layer():
    behind = {fact for names in KERAS_FACTS_BEHIND.values() for fact in names}
    assert sorted(corpus.KERAS_ITSELF) == sorted(behind), "facts no layer is told of (or stale entries)"


@pytest.mark.parametrize("fact, name, check_id", [
    pytest.param(fact, name, check_id, id=f"{fact}-{name}", marks=pytest.mark.xdist_group(name))
    for fact, entries in corpus.KERAS_ITSELF.items() for name, check_id in entries])
def test_the_summary_and_report_say_what_keras_itself_does(run, pytester, fact, name, check_id):
    """Where Keras's own op gives the layer its failure, the run says so beside the cause."""
    if not facts.holds(fact, ENV.backend, ENV.version):
        pytest.skip(f"{fact} does not hold on {ENV.label}")
    result = run(f"--onehot-layer=tests.layers.{name}:OneHot", "-k", check_id, "--onehot-report=run.json")
    result.assert_outcomes(failed=1)
    key, said = f"keras {ENV.version} itself", f"{facts.seen(fact)} ({fact})"
    assert f"observed {key}: {said}" in result.stdout.lines
    assert json.loads((pytester.path / "run.json").read_text())["observations"][key] == said


def correct_here():
    return [name for name, where in corpus.CORRECT.items() if where(ENV)]


@pytest.mark.parametrize("check_id, name", by_layer((c, n) for n in correct_here() for c in CHECKS))
def test_correct_layer_passes(check_id, name):
    result = outcome(check_id, name)
    assert result in ("passed", "skipped"), f"{check_id} on the correct layer {name}: {result}"


@pytest.mark.xdist_group("reference")
def test_only_documented_skips():
    """A check skips only for a stated reason of this environment (the reference layer)."""
    skipped = [c for c in CHECKS if outcome(c, "reference") == "skipped"]
    allowed = {"save-savedmodel"} if ENV.keras3 else set()
    allowed |= {f"export-{fmt}" for fmt in EXPORTERS
                if not corpus.exports(fmt)(ENV)}  # not exportable here, or not installed
    if ENV.backend == "torch":
        allowed |= {"jit-compile"}
    if ENV.backend == "numpy":
        allowed |= {"jit-compile", "sequential-seed-fit", "fit", "weights-unchanged-by-fit", "embedding-gradients"}
    assert set(skipped) <= allowed, set(skipped) - allowed
