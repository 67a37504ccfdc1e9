"""The JSON reports are what their schema (pytest_onehot/schemas/, shown on the docs' schema page)
says: the reports a run writes, and the hand-written ones the table tests read, of every version."""
import copy
import json

import jsonschema
import pytest

from pytest_onehot.diagnose import CAUSES
from pytest_onehot.records import READABLE_SCHEMAS, SCHEMA_VERSION
from pytest_onehot.report import schema
from tests.sample_reports import as_records, documents


def errors(doc):
    """What is wrong with `doc` against the schema of its version, one line each."""
    validator = jsonschema.Draft202012Validator(schema(doc["schema_version"]))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


@pytest.mark.parametrize("version", READABLE_SCHEMAS)
def test_every_readable_version_has_a_valid_schema(version):
    jsonschema.Draft202012Validator.check_schema(schema(version))
    assert schema(version)["properties"]["schema_version"] == {"const": version}


@pytest.mark.parametrize("env", sorted(documents()))
def test_the_sample_reports_follow_their_schema(env):
    assert errors(documents()[env]) == []


@pytest.mark.parametrize("env", sorted(env for env, doc in documents().items() if doc["schema_version"] == 2))
def test_the_sample_reports_upgraded_follow_the_current_schema(env):
    # Schema 1 lacks what schema 2 added (the environment key, the options): no upgrade invents them.
    assert errors(as_records()[env].to_json()) == []


def written(run, pytester, *args):
    run(*args, "--onehot-report=r.json")
    return json.loads((pytester.path / "r.json").read_text())


def test_a_report_of_a_passing_layer_follows_the_schema(run, pytester):
    doc = written(run, pytester, "--onehot-layer=pytest_onehot.reference:OneHot",
                  "-k", "values-seed or out-of-range or shape-batch-one")
    assert doc["schema_version"] == SCHEMA_VERSION and {c["outcome"] for c in doc["checks"]} == {"passed"}
    assert "out-of-range" in doc["observations"]
    assert errors(doc) == []


def test_a_report_of_failures_with_causes_follows_the_schema(run, pytester):
    doc = written(run, pytester, "--onehot-layer=tests.layers.uint8_cast:OneHot", "--onehot-xfail=values-seed",
                  "-k", "narrow-uint8-int or values-seed or save-savedmodel or config-roundtrip")
    outcomes = {c["id"]: c["outcome"] for c in doc["checks"]}
    assert outcomes["narrow-uint8-int"] == "failed" and outcomes["values-seed"] == "failed"  # a strict xpass
    assert set(doc["causes"]) == {"uint8-cast"} <= set(CAUSES) and doc["options"]["xfail"]
    assert errors(doc) == []


def test_the_schema_refuses_what_the_readers_cannot_use():
    doc = documents()["keras3.15-tensorflow"]
    for broken, where in ((lambda d: d["checks"][0].pop("outcome"), "checks/0"),
                          (lambda d: d["checks"][1].update(outcome="broken"), "checks/1/outcome"),
                          (lambda d: d["causes"]["uint8-cast"].update(checks=[]), "causes/uint8-cast/checks"),
                          (lambda d: d["environment"].update(key="keras 3.15"), "environment/key"),
                          (lambda d: d.pop("factory"), ": 'factory' is a required property")):
        bad = copy.deepcopy(doc)
        broken(bad)
        found = errors(bad)
        assert any(where in line for line in found), (where, found)
