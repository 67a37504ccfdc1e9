"""The records of a run (pytest_onehot/records.py): one shape in memory and in the JSON report, and
reports of older schemas read into it."""
import json

import jsonschema
import pytest

from pytest_onehot import diagnose
from pytest_onehot.matrix import load_report
from pytest_onehot.records import SCHEMA_VERSION, Cause, CheckResult, Report
from pytest_onehot.report import schema
from tests.sample_reports import UINT8, as_records, documents


def test_a_check_result_round_trips_through_json():
    result = CheckResult("narrow-uint8-int", "failed", 0.25, UINT8, Cause("uint8-cast", "300 wraps to 44"))
    data = result.to_json()
    assert data == {"id": "narrow-uint8-int", "outcome": "failed", "duration": 0.25, "message": UINT8,
                    "cause": {"id": "uint8-cast", "text": "300 wraps to 44"}}
    assert CheckResult.from_json(json.loads(json.dumps(data))) == result


def test_a_report_round_trips_through_json():
    for env, report in as_records().items():
        data = json.loads(json.dumps(report.to_json()))
        assert data["schema_version"] == SCHEMA_VERSION
        again = Report.from_json(data)
        assert again.checks == report.checks and again.environment == report.environment, env
        assert again.to_json() == data, env


def test_a_report_of_schema_2_gets_each_cause_with_its_words():
    report = as_records()["keras3.15-tensorflow"]
    assert report.check("narrow-uint8-int").cause == Cause(
        "uint8-cast", "indices cast to uint8: every index >= 256 wraps <mod 256>")  # the report's own summary
    assert report.check("values-seed").cause is None and report.names_causes
    upgraded = report.to_json()
    assert upgraded["checks"][1]["cause"] == {"id": "uint8-cast", "text": report.causes["uint8-cast"]}
    assert upgraded["causes"] == documents()["keras3.15-tensorflow"]["causes"]  # as it was written


def test_a_report_of_schema_1_names_no_cause():
    report = as_records()["tf2.15"]
    assert not report.names_causes and report.causes == {} and report.factory is None
    assert all(check.cause is None for check in report.checks)


def test_a_committed_report_of_schema_2_loads(tmp_path):
    path = tmp_path / "tf.json"
    path.write_text(json.dumps(documents()["keras3.15-torch"]))
    report = load_report(str(path))
    assert [(c.id, c.outcome, c.cause_id) for c in report.checks] == [
        ("values-seed", "passed", None), ("narrow-uint8-int", "failed", "uint8-cast"),
        ("save-keras", "xfailed", None), ("jit-compile", "xpassed", None)]


def test_a_cause_named_by_a_check_is_the_record_and_must_be_known():
    cause = diagnose.Cause.general("uint8-cast")
    assert isinstance(cause, Cause) and cause.to_json() == {"id": "uint8-cast", "text": diagnose.CAUSES["uint8-cast"]}
    with pytest.raises(ValueError):
        diagnose.Cause("no-such-cause", "text")
    assert Cause("renamed-since", "old words").id == "renamed-since"  # an old report may name it


def test_schema_3_refuses_a_bare_cause_id():
    data = as_records()["keras3.15-tensorflow"].to_json()
    data["checks"][1]["cause"] = "uint8-cast"
    found = list(jsonschema.Draft202012Validator(schema(3)).iter_errors(data))
    assert [list(e.absolute_path) for e in found] == [["checks", 1, "cause"]]
