"""Hand-written reports for the table and page tests: schema versions 1 and 2 side by side (as
committed baselines may be), with messages that would break a page that did not escape them."""
from pytest_onehot.records import Report

HOSTILE = ("saving and loading as keras raised TypeError: <class 'keras.Functional'> could not be \"deserialized\""
           " </td></tr><script>alert('x')</script> & more: write a registered Layer subclass")
UINT8 = ("narrow-uint8-int: Index 300 of depth 400, given as int32, is not narrowed by a cast.\n"
         "int32 indices up to 399: index 300 came back as class 44: input cast to uint8? 300 wraps to 44")


def check(check_id, outcome, message="", cause=None):
    return {"id": check_id, "outcome": outcome, "duration": 0.1, "message": message, "cause": cause}


def v2(key, backend, out_of_range, checks, causes=None):
    return {
        "schema_version": 2, "plugin_version": "0.2.0", "layer": "mypkg.layers:OneHot",
        "factory": "mypkg.layers:OneHot",
        "environment": {"python": "3.11.7", "keras_package": "keras", "keras": "3.15.1", "backend": backend,
                        "numpy": "2.4.6", "tox_env": None, "key": key},
        "options": {"out_of_range": "any"},
        "observations": {"out-of-range": out_of_range, "fractional indices": {"0.5": "class 0", "2.7": "class 2"}},
        "causes": causes or {},
        "checks": checks,
    }


def documents():
    """{env: report}: two schema-2 reports (TensorFlow, torch) and one of schema 1 (tf.keras 2.15)."""
    uint8 = {"uint8-cast": {"summary": "indices cast to uint8: every index >= 256 wraps <mod 256>",
                            "checks": ["narrow-uint8-int"]},
             "safe-mode-lambda": {"summary": "Keras 3 cannot find the function a Lambda wraps",
                                  "checks": ["save-keras"]}}
    tensorflow = v2("keras3.15-tensorflow", "tensorflow", {"-1": "zeros", "400": "zeros"}, [
        check("values-seed", "passed"),
        check("narrow-uint8-int", "failed", UINT8, "uint8-cast"),
        check("save-keras", "error", HOSTILE, "safe-mode-lambda"),
        check("save-savedmodel", "skipped", "keras 3.15.1 (tensorflow backend) cannot load a savedmodel model back"),
    ], uint8)
    torch = v2("keras3.15-torch", "torch", {"-1": "error", "400": "error"}, [
        check("values-seed", "passed"),
        check("narrow-uint8-int", "failed", UINT8, "uint8-cast"),
        check("save-keras", "xfailed", "known: no safe mode here"),
        check("jit-compile", "xpassed", "declared failing on torch"),
    ], uint8)
    keras2 = {
        "schema_version": 1, "plugin_version": "0.1.0", "layer": "mypkg.layers:OneHot",
        "environment": {"python": "3.11.7", "keras_package": "tf.keras", "keras": "2.15.0",
                        "backend": "tensorflow", "tox_env": "tf2.15"},
        "observations": {"out-of-range": {"negative": "zeros", "too-large": "zeros"},
                         "rank-3 input": "shape (2, 3, 4, 10)"},
        "checks": [{"id": "values-seed", "outcome": "passed", "duration": 0.1, "message": ""},
                   {"id": "narrow-uint8-int", "outcome": "failed", "duration": 0.1, "message": UINT8}],
    }
    return {"keras3.15-tensorflow": tensorflow, "keras3.15-torch": torch, "tf2.15": keras2}


def as_records(docs=None):
    """{env: Report} of report dicts (the samples by default), as `load_reports` reads them."""
    return {env: Report.from_json(doc) for env, doc in (documents() if docs is None else docs).items()}
