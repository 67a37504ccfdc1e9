"""Every check fails on a layer with exactly the bug it targets, and passes on correct ones."""
import pytest

from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks import CHECKS
from pytest_onehot.keras_compat import KerasEnv
from pytest_onehot.suite import run_check
from tests import corpus

ENV = KerasEnv.default()


def outcome(check_id, name, tmp_path):
    """'passed', 'skipped', or the failure message of one check on one corpus layer."""
    try:
        run_check(CHECKS[check_id], corpus.factory(name), tmp_path)
    except CheckFailure as exc:
        return str(exc)
    except pytest.skip.Exception:
        return "skipped"
    return "passed"


def test_every_check_is_targeted_by_a_broken_layer():
    assert sorted(corpus.MUST_FAIL) == sorted(CHECKS), "checks without a broken layer (or stale entries)"
    assert all(corpus.MUST_FAIL[c] for c in CHECKS)


def test_the_corpus_is_large_enough():
    assert len(corpus.broken_layers()) >= 15 and len(corpus.CORRECT) >= 4


FAILURES = [(check_id, name) for check_id, entries in corpus.MUST_FAIL.items()
            for name, where in entries if where(ENV)]


@pytest.mark.parametrize("check_id, name", FAILURES, ids=[f"{c}-{n}" for c, n in FAILURES])
def test_check_fails_on_its_broken_layer(check_id, name, tmp_path):
    result = outcome(check_id, name, tmp_path)
    if result == "skipped":
        # Where a check cannot run here, its entry must not claim a failure.
        pytest.fail(f"{check_id} skipped on {ENV.label}: restrict the entry for {name}")
    assert result != "passed", f"{check_id} passed on the broken layer {name}"


BROKEN_HERE = sorted({name for _, name in FAILURES})


@pytest.mark.parametrize("name", BROKEN_HERE)
def test_broken_layer_is_named_in_a_diagnosis(name, tmp_path):
    messages = [outcome(c, name, tmp_path / c) for c, n in FAILURES if n == name]
    words = corpus.diagnosis_words(name)
    assert any(w.lower() in m.lower() for w in words for m in messages), (name, words, messages)


@pytest.mark.parametrize("name", corpus.CORRECT)
@pytest.mark.parametrize("check_id", list(CHECKS))
def test_correct_layer_passes(check_id, name, tmp_path):
    assert outcome(check_id, name, tmp_path) in ("passed", "skipped")


def test_only_documented_skips():
    """A check skips only for a stated reason of this environment (the reference layer)."""
    import pathlib
    import tempfile

    skipped = [c for c in CHECKS if outcome(c, "reference", pathlib.Path(tempfile.mkdtemp())) == "skipped"]
    allowed = {"save-savedmodel"} if ENV.keras3 else set()
    allowed |= {c for c in ("export-onnx", "export-litert", "export-serving")
                if not corpus.exports(c.split("-")[1])(ENV)}  # not exportable here, or not installed
    if ENV.backend == "torch":
        allowed |= {"jit-compile"}
    if ENV.backend == "numpy":
        allowed |= {"jit-compile", "fit", "weights-unchanged-by-fit", "embedding-gradients"}
    assert set(skipped) <= allowed, set(skipped) - allowed
