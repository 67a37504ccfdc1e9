"""Spot checks: the suite's verdict on each gallery recipe matches what happens when the recipe
is used by hand, with plain Keras calls, in this environment."""
import importlib
import json
import warnings

import numpy as np
import pytest

from examples.gallery.build import ENTRIES
from pytest_onehot import facts
from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks import CHECKS
from pytest_onehot.keras_compat import keras_root_of
from pytest_onehot.spec import Factory
from pytest_onehot.suite import run_check
from tests.sample_reports import documents


def load(spec):
    """The recipe's factory, or None where it cannot even be imported here."""
    module, attr = spec.split(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except Exception:
        return None


def suite_passes(check_id, factory, tmp_path):
    try:
        run_check(CHECKS[check_id], Factory(factory), tmp_path)
    except CheckFailure:
        return False
    return True


def build(factory, depth, length):
    """As a user calls the recipe: with input_length where it takes one."""
    try:
        return factory(depth, length)
    except TypeError:
        return factory(depth)


def by_hand_values(factory):
    """Index 300 of depth 400 and friends, called as a user would: right or not."""
    x = np.array([[300, 7, 399, 301]], dtype="int32")
    try:
        out = np.asarray(build(factory, 400, 4)(x))
    except Exception:
        return False
    return out.shape == (1, 4, 400) and (out.argmax(-1) == x).all() and (out.sum(-1) == 1).all()


def by_hand_save(factory, tmp_path):
    """A model holding the recipe saved as .keras and loaded back with the defaults: works or not.
    The model is built with the Keras the recipe's layer comes from, as its user would."""
    x = np.array([[1, 2, 3, 4]], dtype="int32")
    try:
        layer = build(factory, 10, 4)
        keras = importlib.import_module(keras_root_of(layer))  # the Keras its base class is from
        inp = keras.Input(shape=(4,), dtype="int32")
        model = keras.Model(inp, layer(inp))
        expected = model.predict(x, verbose=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.save(tmp_path / "by_hand.keras")
            loaded = keras.models.load_model(tmp_path / "by_hand.keras")
        return np.array_equal(loaded.predict(x, verbose=0), expected)
    except Exception:
        return False


LOADABLE = {name: spec for name, spec in ENTRIES.items() if load(spec) is not None}


def test_some_recipes_load_here():
    assert len(LOADABLE) >= 4, LOADABLE


def values_checks(factory):
    """What calling the recipe by hand on a NumPy int32 array tests here: ids past 255; and on the
    releases where a NumPy array reaches a layer as floats (keras_facts' numpy-call-floatx), float ids."""
    try:
        keras = importlib.import_module(keras_root_of(build(factory, 10, 4)))
    except Exception:  # a recipe that cannot be built here (IntegerLookup needs TensorFlow): no call by hand
        return ["narrow-uint8-int"]
    floats = facts.holds("numpy-call-floatx", keras.backend.backend(), keras.__version__)
    return ["narrow-uint8-int"] + (["input-dtype-float32"] if floats else [])


@pytest.mark.parametrize("name", sorted(LOADABLE))
def test_values_verdict_matches_by_hand(name, tmp_path):
    factory = load(ENTRIES[name])
    suite = all(suite_passes(check_id, factory, tmp_path / check_id) for check_id in values_checks(factory))
    assert suite == by_hand_values(factory)


@pytest.mark.parametrize("name", sorted(LOADABLE))
def test_save_verdict_matches_by_hand(name, tmp_path):
    factory = load(ENTRIES[name])
    assert suite_passes("save-keras", factory, tmp_path / "suite") == by_hand_save(factory, tmp_path)


def test_each_entry_reads_on_one_screen_and_links_its_page(tmp_path, monkeypatch):
    from examples.gallery import build as gallery

    reports = tmp_path / "reports"
    (reports / "reference").mkdir(parents=True)
    for env, doc in documents().items():
        (reports / "reference" / f"{env}.json").write_text(json.dumps(doc))
    monkeypatch.setattr(gallery, "REPORTS", str(reports))
    monkeypatch.setattr(gallery, "ENTRIES", {"reference": ENTRIES["reference"], "seed-keras2": ENTRIES["seed-keras2"]})
    envs = ["keras3.15-tensorflow", "keras3.15-torch", "keras3.15-jax", "tf2.15"]
    errors = {"keras3.15-jax": {"reference": "ERROR: --onehot-layer 'x': importing needs <tensorflow>"}}
    pages = tmp_path / "docs" / "gallery"  # the page and the entries' colour pages side by side, as in the site
    text = gallery.render(envs, errors, str(pages / "results.md"), str(pages))
    assert "| [reference](reference.html) | 1/3 | 1/4 | — | 1/2 |" in text
    assert "| seed-keras2 | — | — | — | — |" in text  # no reports: no page, no table
    assert "\nNot loadable on keras3.15-jax: --onehot-layer 'x': importing needs &lt;tensorflow>\n" in text
    assert ("- `uint8-cast` (`narrow-uint8-int` on keras3.15-tensorflow, keras3.15-torch): indices cast to uint8:"
            " every index >= 256 wraps &lt;mod 256>") in text
    assert "- no named cause (`narrow-uint8-int` on tf2.15)" in text
    table = text.index("<details><summary>Table: 5 checks × 3 environments</summary>\n\nLayer:")
    assert "[The matrix in colour](reference.html)" in text[:table] and "</details>" in text[table:]
    page = (pages / "reference.html").read_text(encoding="utf-8")  # the link's target, beside the page
    assert "<h1>Gallery: reference</h1>" in page and "importing needs &lt;tensorflow&gt;" in page
