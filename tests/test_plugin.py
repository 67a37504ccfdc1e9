"""The plugin as a user drives it: collection, selection, xfails, ini keys, fixtures, reports."""
import json
import sys

import pytest

from pytest_onehot.report import environment_key

REFERENCE = "--onehot-layer=pytest_onehot.reference:OneHot"
UINT8 = "--onehot-layer=tests.layers.uint8_cast:OneHot"
FAST = ["-k", "values-seed or narrow-uint8-int or output-dtype"]
CHECK_IDS = __import__("pytest_onehot.checks", fromlist=["CHECKS"]).CHECKS


def test_suite_runs_from_an_empty_folder(run):
    result = run(REFERENCE, *FAST, "-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["onehot::values-seed PASSED*", "onehot::narrow-uint8-int PASSED*"])


def test_header_names_layer_keras_and_backend(run, env):
    result = run(REFERENCE, "-k", "values-seed")
    result.stdout.fnmatch_lines([
        "onehot: layer pytest_onehot.reference:OneHot (from --onehot-layer)",
        f"onehot: {env.label}; *",
    ])


def test_failures_are_grouped_by_cause(run):
    result = run(UINT8, *FAST)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "narrow-uint8-int: Index 300 of depth 400*",
        "int32 indices up to 399: input cast to uint8? 300 wraps to 44* (*index 300 came back *",
        "*onehot summary*",
        "*1 failed, 2 passed*",
        "1 distinct cause(s) of 1 failing check(s):",
        "  uint8-cast: indices cast to uint8: *[[]narrow-uint8-int]",
    ])
    out = result.stdout.str()
    assert "Traceback" not in out
    assert out.count("300 wraps to 44") == 1  # in FAILURES; the summary names the cause, not the text


def test_a_failure_with_no_known_cause_is_its_own_line(run, pytester):
    pytester.makepyfile(scrambled="""
        from tests.layers.base import CorpusOneHot, corpus_layer, ops

        @corpus_layer
        class Scrambled(CorpusOneHot):
            def indices(self, inputs):
                return (super().indices(inputs) * 7) % self.input_dim
    """)
    result = run("--onehot-layer=scrambled:Scrambled", "-k", "values-seed")
    result.stdout.fnmatch_lines(["1 distinct cause(s) of 1 failing check(s):",
                                 "  no known cause: seed example: * positions wrong* [[]values-seed[]]"])


def test_checks_run_beside_the_users_own_tests(run, pytester):
    pytester.makepyfile(test_mine="def test_mine():\n    assert True\n")
    run(REFERENCE, "-k", "values-seed or test_mine").assert_outcomes(passed=2)


def test_marker_selects_the_checks(run, pytester):
    pytester.makepyfile(test_mine="def test_mine():\n    assert True\n")
    run(REFERENCE, "-m", "not onehot").assert_outcomes(passed=1)


def test_exitfirst_stops_at_the_first_failing_check(run):
    result = run(UINT8, "-x", "-k", "narrow")
    result.assert_outcomes(failed=1)


def test_last_failed_reruns_only_the_failed_checks(run):
    run(UINT8, *FAST).assert_outcomes(passed=2, failed=1)
    result = run(UINT8, "--lf", *FAST)
    result.assert_outcomes(failed=1, deselected=len(CHECK_IDS) - 1)
    result.stdout.fnmatch_lines(["*run-last-failure: rerun previous 1 failure*"])


def test_declared_xfail_is_strict(run):
    run(UINT8, *FAST, "--onehot-xfail=narrow-uint8-int").assert_outcomes(passed=2, xfailed=1)
    result = run(REFERENCE, *FAST, "--onehot-xfail=narrow-uint8-int")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*XPASS(strict)*"])


def test_xfail_on_a_check_skipped_here_stays_a_skip(run, env):
    skipped_here = "save-savedmodel" if env.keras3 else None
    if skipped_here is None:
        pytest.skip("every check applies on Keras 2: nothing is skipped here")
    run(REFERENCE, "-k", skipped_here, f"--onehot-xfail={skipped_here}").assert_outcomes(skipped=1)


def test_report_under_xdist_is_one_merged_document(run, pytester):
    run(UINT8, *FAST, "-n", "2", "--onehot-report=run.json").assert_outcomes(passed=2, failed=1)
    doc = json.loads((pytester.path / "run.json").read_text())
    assert sorted(c["id"] for c in doc["checks"]) == ["narrow-uint8-int", "output-dtype", "values-seed"]


def test_ini_keys_configure_the_run(run, pytester):
    pytester.makeini(
        "[pytest]\n"
        "onehot_layer = tests.layers.uint8_cast:OneHot\n"
        "onehot_xfail =\n"
        "    narrow-uint8-int: uint8 cast, see issue 12\n"
    )
    result = run(*FAST, "-rx")
    result.assert_outcomes(passed=2, xfailed=1)
    result.stdout.fnmatch_lines(["*from ini onehot_layer (tox.ini)*", "*uint8 cast, see issue 12*"])


def test_command_line_wins_over_ini(run, pytester):
    pytester.makeini("[pytest]\nonehot_layer = tests.layers.uint8_cast:OneHot\n")
    run(REFERENCE, *FAST).assert_outcomes(passed=3)


def test_conftest_fixture_overrides_the_factory(run, pytester):
    pytester.makeconftest(
        "import pytest\n"
        "from tests.layers.base import CorpusOneHot\n"
        "@pytest.fixture\n"
        "def onehot_factory():\n"
        "    return lambda input_dim, input_length=None: CorpusOneHot(input_dim - 1 + 1)\n"
    )
    # The ini names it: the fixture builds.
    pytester.makeini("[pytest]\nonehot_layer = tests.layers.uint8_cast:OneHot\n")
    run(*FAST).assert_outcomes(passed=3)


def test_a_layer_on_the_command_line_wins_over_a_conftest_fixture(run, pytester):
    """ONEHOT_LAYER in tox arrives as --onehot-layer: a root conftest's fixture must not replace it unsaid."""
    pytester.makeconftest(
        "import pytest\n"
        "from tests.layers.base import CorpusOneHot\n"
        "@pytest.fixture\n"
        "def onehot_factory():\n"
        "    return CorpusOneHot\n"
    )
    result = run(UINT8, *FAST)
    result.assert_outcomes(passed=2, failed=1)  # the uint8 cast was tested, not the fixture's layer
    result.stdout.fnmatch_lines(["onehot: the onehot_factory fixture at *conftest.py:3 is not used by the checks: "
                                 "--onehot-layer tests.layers.uint8_cast:OneHot on the command line wins*"])


def test_kwarg_and_depth_arg_adapt_a_foreign_signature(run):
    result = run("--onehot-layer=tests.layers.correct_factory_function:OneHot", "--onehot-depth-arg=depth",
                 "--onehot-kwarg=name='adapted'", *FAST)
    result.assert_outcomes(passed=3)


@pytest.mark.parametrize("policy, outcome", [("zeros", "passed"), ("error", "failed"), ("any", "passed")])
def test_out_of_range_policy_is_enforced(run, env, policy, outcome):
    result = run(REFERENCE, "-k", "out-of-range", f"--onehot-out-of-range={policy}")
    result.assert_outcomes(**{outcome: 1})
    # On TensorFlow also "| XLA predict: ..." (jit_compile=True).
    xla = " | XLA predict: -1 -> zeros; 300 -> zeros" if env.backend == "tensorflow" else ""
    result.stdout.fnmatch_lines(["observed out-of-range: -1 -> zeros; 300 -> zeros; -5 -> zeros; 307 -> zeros | "
                                 f"compiled predict: -1 -> zeros; 300 -> zeros{xla}"])


def test_json_report(run, pytester, env):
    run(UINT8, *FAST, "--onehot-report=reports/run.json")
    doc = json.loads((pytester.path / "reports" / "run.json").read_text())
    assert doc["schema_version"] == 3 and doc["layer"] == doc["factory"] == "tests.layers.uint8_cast:OneHot"
    outcomes = {c["id"]: c["outcome"] for c in doc["checks"]}
    assert outcomes == {"values-seed": "passed", "narrow-uint8-int": "failed", "output-dtype": "passed"}
    failed = next(c for c in doc["checks"] if c["id"] == "narrow-uint8-int")
    assert "uint8" in failed["message"] and failed["cause"]["id"] == "uint8-cast" and "wraps" in failed["cause"]["text"]
    assert doc["causes"]["uint8-cast"]["checks"] == ["narrow-uint8-int"]
    assert doc["environment"]["key"] == environment_key(env)
    assert doc["environment"]["keras"] and doc["environment"]["backend"]
    assert [p.name for p in (pytester.path / "reports").iterdir()] == ["run.json"]


def test_list_checks(run):
    result = run("--onehot-list-checks")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["values-seed * The seed post's example*", "out-of-range *"])


def test_fixtures_and_assertions_for_users(run, pytester):
    pytester.makepyfile(test_user="""
        import numpy as np
        import pytest
        from pytest_onehot import assert_one_hot, assert_embedding_equivalent

        def test_layer(onehot_layer, keras_env):
            x = np.array([[1, 2, 3, 4, 5]])
            assert_one_hot(keras_env.numpy(onehot_layer(x)), x, 100)

        def test_embedding(onehot_factory):
            x = np.array([[1, 2, 3], [4, 5, 6]])
            assert_embedding_equivalent(onehot_factory(10, 3), 10, x)

        def test_message():
            wrapped = "input cast to uint8. 300 wraps to 44 .*index 300 came back as class 44"
            with pytest.raises(AssertionError, match=wrapped):
                out = np.zeros((1, 1, 400)); out[0, 0, 44] = 1
                assert_one_hot(out, np.array([[300]]), 400)
    """)
    run(REFERENCE, "-m", "not onehot").assert_outcomes(passed=3)


def test_factory_fixture_without_layer_says_how(run, pytester):
    pytester.makepyfile(test_user="def test_it(onehot_factory):\n    pass\n")
    result = run()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no layer to test: pass --onehot-layer=module:Factory*"])


def test_parametrize_with_checks(run, pytester):
    pytester.makepyfile(test_user="""
        from pytest_onehot import parametrize_with_checks
        from tests.layers.uint8_cast import OneHot

        @parametrize_with_checks(OneHot, expected_failures={"narrow-uint8-int": "known uint8 cast"})
        def test_onehot(check, tmp_path):
            check(tmp_path)
    """)
    run(*FAST).assert_outcomes(passed=2, xfailed=1)


def test_unused_plugin_imports_nothing_heavy(pytester):
    """Installed but not asked for: no Keras, TensorFlow, JAX, torch or NumPy in sys.modules."""
    pytester.makeconftest(
        "import sys\n"
        "def pytest_unconfigure():\n"
        "    heavy = sorted(m for m in ('keras', 'tensorflow', 'tf_keras', 'jax', 'torch', 'numpy')"
        " if m in sys.modules)\n"
        "    print('HEAVY', heavy)\n"
    )
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    result = pytester.runpytest_subprocess("-s", "-p", "no:randomly")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["HEAVY []"])
    assert "onehot" in pytester.runpytest_subprocess("--help").stdout.str()


def test_package_exports_lazily():
    import importlib

    code = "import sys, pytest_onehot; print(sorted(m for m in ('numpy', 'keras') if m in sys.modules))"
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert callable(importlib.import_module("pytest_onehot").assert_one_hot)


def test_type_checkers_see_every_lazy_export_from_its_module():
    """The imports under TYPE_CHECKING (what mypy reads; they never run) name what `_EXPORTS` loads."""
    import ast
    import pathlib

    import pytest_onehot

    tree = ast.parse(pathlib.Path(pytest_onehot.__file__).read_text())
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    seen = {alias.name: node.module for node in block.body for alias in node.names}
    assert all(alias.asname == alias.name for node in block.body for alias in node.names)  # re-exported
    assert seen == pytest_onehot._EXPORTS


def test_xfail_holds_only_where_its_condition_does(run, env):
    other = "jax" if env.backend != "jax" else "torch"
    here = run(UINT8, *FAST, f"--onehot-xfail=narrow-uint8-int@{env.backend}")
    here.assert_outcomes(passed=2, xfailed=1)
    elsewhere = run(UINT8, *FAST, f"--onehot-xfail=narrow-uint8-int@{other}")
    elsewhere.assert_outcomes(passed=2, failed=1)  # absent there: the check fails as usual
    line = "keras>=3" if env.keras3 else "keras<3"
    run(UINT8, *FAST, f"--onehot-xfail=values-seed@{other},narrow-uint8-int@{line}").assert_outcomes(
        passed=2, xfailed=1)


def test_xfail_condition_is_strict_where_it_holds(run, env):
    result = run(REFERENCE, *FAST, f"--onehot-xfail=narrow-uint8-int@{env.backend}")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*XPASS(strict)*"])


def test_ini_xfail_takes_the_command_lines_form_with_a_reason(run, pytester, env):
    pytester.makeini(
        "[pytest]\n"
        "onehot_layer = tests.layers.uint8_cast:OneHot\n"
        "onehot_xfail =\n"
        f"    narrow-uint8-int@{env.backend}, values-seed@numpy@keras<3: uint8 cast, see issue 12\n"
    )
    result = run(*FAST, "-rx")
    result.assert_outcomes(passed=2, xfailed=1)
    result.stdout.fnmatch_lines(["*uint8 cast, see issue 12*"])


@pytest.mark.parametrize("xfail, expected", [
    ("save_h5", "unknown check id 'save_h5': did you mean 'save-h5'?"),
    ("save-h5@tensorflw", "condition 'tensorflw' of 'save-h5@tensorflw' is not a backend"),
    ("save-h5@keras=>3", "condition 'keras=>3'"),
    ("save-h5@keras<3.x", "condition 'keras<3.x'"),
])
def test_bad_xfail_is_a_usage_error_with_a_suggestion(run, pytester, xfail, expected):
    result = run(REFERENCE, f"--onehot-xfail={xfail}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.errlines if line.strip()]
    assert len(errors) == 1 and expected in errors[0], errors
    pytester.makeini(f"[pytest]\nonehot_xfail =\n    {xfail}: reason\n")
    result = run(REFERENCE)
    assert result.ret == pytest.ExitCode.USAGE_ERROR and expected.split(":")[0] in result.stderr.str()


def test_parametrize_with_checks_takes_conditions(run, pytester, env):
    other = "jax" if env.backend != "jax" else "torch"
    pytester.makepyfile(test_user=f"""
        from pytest_onehot import parametrize_with_checks
        from tests.layers.uint8_cast import OneHot

        @parametrize_with_checks(OneHot, expected_failures={{"narrow-uint8-int@{env.backend}": "known here",
                                                            "narrow-uint8-float@{other}": "known elsewhere"}})
        def test_onehot(check, tmp_path):
            check(tmp_path)
    """)
    run("-k", "narrow-uint8").assert_outcomes(xfailed=1, failed=1)


def test_an_empty_layer_option_is_a_usage_error(run):
    result = run("--onehot-layer=")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --onehot-layer is empty (a CI variable that was never set?)*"])


def test_a_conftest_factory_is_named_where_it_ran(run, pytester):
    pytester.makeconftest(
        "import pytest\n"
        "from tests.layers.base import CorpusOneHot\n"
        "@pytest.fixture\n"
        "def onehot_factory():\n"
        "    return CorpusOneHot\n"
    )
    pytester.makeini("[pytest]\nonehot_layer = tests.layers.uint8_cast:OneHot\n")
    result = run(*FAST, "--onehot-report=run.json")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["onehot: the checks use the onehot_factory fixture at *conftest.py:3, not "
                                 "ini onehot_layer*",
                                 "layer tests.layers.base:CorpusOneHot on *: 3 passed"])
    doc = json.loads((pytester.path / "run.json").read_text())
    assert doc["layer"] == "tests.layers.uint8_cast:OneHot" and doc["factory"] == "tests.layers.base:CorpusOneHot"


def test_keras_env_needs_no_layer(run, pytester, env):
    pytester.makepyfile(test_user="def test_it(keras_env):\n    assert keras_env.backend\n")
    run().assert_outcomes(passed=1)


def test_marker_onehot_is_the_catalogue_not_parametrize_with_checks(run, pytester):
    pytester.makepyfile(test_user="""
        from pytest_onehot import parametrize_with_checks
        from pytest_onehot.reference import OneHot

        @parametrize_with_checks(OneHot)
        def test_onehot(check, tmp_path):
            check(tmp_path)
    """)
    run(REFERENCE, "-m", "onehot", *FAST).assert_outcomes(passed=3)  # not 6: the catalogue runs once
    run("-m", "onehot_checks", *FAST).assert_outcomes(passed=3)


def test_a_skip_is_located_at_its_check(run, env):
    result = run(REFERENCE, "-k", "export-serving or save-savedmodel or jit-compile", "-rs")
    skipped = [line for line in result.stdout.lines if line.startswith("SKIPPED")]
    if not skipped:
        pytest.skip("every one of these checks runs here")
    assert all(line.split("] ", 1)[1].startswith("onehot::") for line in skipped), skipped
    assert not any("pytest_onehot" in line for line in skipped), skipped


def test_a_wrong_depth_arg_names_the_factorys_parameters(run):
    result = run("--onehot-layer=tests.layers.correct_factory_function:OneHot")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*(its parameters: *depth*; did you mean --onehot-depth-arg=depth?)*"])


def test_a_depth_arg_swallowed_by_kwargs_names_the_missing_parameter(run):
    # The layer takes **kwargs: `num_classes=` goes there, and input_dim is what the error names.
    result = run("--onehot-layer=pytest_onehot.reference:OneHot", "--onehot-depth-arg=num_classes")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*(its parameters: input_dim, *; did you mean --onehot-depth-arg=input_dim?)*"])


# A layer that warns once itself and once as a library would (numpy's module).
LAYER_WARNS = """
    import warnings
    from pytest_onehot.reference import OneHot as Reference

    class OneHot(Reference):
        def call(self, x):
            warnings.warn("the layer's own warning", UserWarning)
            warnings.warn_explicit("a library's warning", DeprecationWarning, "numpy/core.py", 1, module="numpy")
            return super().call(x)
"""


def test_library_warnings_inside_checks_stay_out_of_the_summary(run, pytester):
    pytester.makepyfile(layer_warns=LAYER_WARNS)
    quiet = run("--onehot-layer=layer_warns:OneHot", "-k", "values-seed")
    quiet.assert_outcomes(passed=1)
    assert "the layer's own warning" in quiet.stdout.str() and "a library's warning" not in quiet.stdout.str()
    loud = run("--onehot-layer=layer_warns:OneHot", "-k", "values-seed", "--onehot-warnings=yes")
    assert "a library's warning" in loud.stdout.str()


def test_parametrize_with_checks_items_skip_at_their_check_and_keep_library_warnings_out(run, pytester):
    """A user's own test of the catalogue reads as the catalogue does: skips located at the check
    (not the plugin's file and line), Keras's warnings out of the summary unless asked for."""
    pytester.makepyfile(layer_warns=LAYER_WARNS, test_user="""
        from pytest_onehot import parametrize_with_checks
        from layer_warns import OneHot

        @parametrize_with_checks(OneHot)
        def test_onehot(check, tmp_path):
            check(tmp_path)
    """)
    chosen = "values-seed or export-serving or save-savedmodel or jit-compile"
    result = run("-k", chosen, "-rs")
    out = result.stdout.str()
    assert "the layer's own warning" in out and "a library's warning" not in out
    skipped = [line for line in result.stdout.lines if line.startswith("SKIPPED")]
    assert all(line.split("] ", 1)[1].startswith("onehot::") for line in skipped), skipped
    assert "a library's warning" in run("-k", "values-seed", "--onehot-warnings=yes").stdout.str()
