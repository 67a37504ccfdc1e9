"""Every bad spec or option ends the run before collection: exit 4, one line, no traceback."""
import pytest

from pytest_onehot.spec import Factory, parse_kwarg, parse_spec, takes_input_length

BAD_MODULES = {
    "raises_on_import": "raise RuntimeError('boom at import')",
    "not_callable": "OneHot = 42",
    "factory_raises": "def OneHot(input_dim, input_length=None):\n    raise ValueError('no depth ' + str(input_dim))",
    "not_a_layer": "def OneHot(input_dim, input_length=None):\n    return object()",
    "needs_torch": "raise ModuleNotFoundError(\"No module named 'torch'\", name='torch')",
    "same_instance": (
        "from pytest_onehot.reference import OneHot as _OneHot\n"
        "_ONE = _OneHot(100)\n"
        "def OneHot(input_dim, input_length=None):\n    return _ONE"
    ),
    "layers_mod": "from pytest_onehot.reference import OneHot\nOneHotLayer = OneHot",
}

CASES = [
    (["--onehot-layer=nocolon"], "has no ':'"),
    (["--onehot-layer=a:b:c"], "has more than one ':'"),
    (["--onehot-layer=:OneHot"], "empty module or attribute"),
    (["--onehot-layer=mod:"], "empty module or attribute"),
    (["--onehot-layer=no_such_module_xyz:OneHot"], "cannot import module 'no_such_module_xyz'"),
    (["--onehot-layer=raises_on_import:OneHot"], "raised on import: RuntimeError: boom at import"),
    (["--onehot-layer=layers_mod:OneHotLayr"], "did you mean OneHotLayer"),
    (["--onehot-layer=not_callable:OneHot"], "is a int, not a callable"),
    (["--onehot-layer=factory_raises:OneHot"], "raised ValueError: no depth 100"),
    (["--onehot-layer=not_a_layer:OneHot"], "not a Keras layer"),
    (["--onehot-layer=same_instance:OneHot"], "same layer instance twice"),
    (["--onehot-layer=needs_torch:OneHot"], "pip install torch"),
    (["--onehot-layer=layers_mod:OneHot", "--onehot-kwarg=novalue"], "expected KEY=VALUE"),
    (["--onehot-layer=layers_mod:OneHot", "--onehot-depth-arg=not-a-name"], "not a Python parameter name"),
    (["--onehot-layer=layers_mod:OneHot", "--onehot-depth-arg=depth"],
     "OneHot(depth=100, input_length=5) raised TypeError"),
    (["--onehot-layer=layers_mod:OneHot", "--onehot-xfail=values-seed,no-such-check"], "'no-such-check'"),
    (["--onehot-layer=layers_mod:OneHot", "--onehot-out-of-range=sometimes"], "'sometimes'"),
    (["--onehot-layer=layers_mod:OneHot", "--onehot-report=."], "is a directory"),
    (["--onehot-layer=layers_mod:OneHot", "--onehot-torch-compile=maybe"], "'maybe': use yes or no"),
    (["--onehot-layer=layers_mod:OneHot", "--onehot-report=layers_mod.py/r.json"], "cannot create its folder"),
]


@pytest.mark.parametrize("args, expected", CASES, ids=[a[-1].split("=", 1)[1] for a, _ in CASES])
def test_bad_input_is_one_line_usage_error(pytester, args, expected):
    pytester.makepyfile(**BAD_MODULES)
    result = pytester.runpytest_inprocess(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.errlines if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("ERROR: "), result.errlines
    assert expected in errors[0]
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


@pytest.mark.parametrize("spec, parts", [("a.b:C", ("a.b", "C")), (" a : C.d ", ("a", "C.d"))])
def test_parse_spec(spec, parts):
    assert parse_spec(spec) == parts


@pytest.mark.parametrize("item, pair", [
    ("output_mode='one_hot'", ("output_mode", "one_hot")),
    ("output_mode=one_hot", ("output_mode", "one_hot")),
    ("sparse=False", ("sparse", False)),
    ("n=3", ("n", 3)),
])
def test_parse_kwarg(item, pair):
    assert parse_kwarg(item) == pair


def test_input_length_is_passed_only_when_named():
    def named(input_dim, input_length=None):
        return input_length

    def swallowed(input_dim, **kwargs):
        return kwargs

    assert takes_input_length(named) and not takes_input_length(swallowed)
    assert Factory(named).make(10, 5) == 5
    assert Factory(swallowed).make(10, 5) == {}


def test_depth_arg_and_kwargs_adapt_the_call():
    def make(num_tokens, output_mode):
        return (num_tokens, output_mode)

    factory = Factory(make, "num_tokens", {"output_mode": "one_hot"})
    assert factory.make(7, 3) == (7, "one_hot")


def test_missing_tensorflow_with_another_backend_says_to_choose_it(pytester, monkeypatch):
    """A first run on a JAX machine: Keras 3 reaches for TensorFlow, its default backend."""
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    pytester.makepyfile(needs_tf="raise ModuleNotFoundError(\"No module named 'tensorflow'\", name='tensorflow')")
    (pytester.path / "jax").mkdir()  # a JAX that can be found (it is never imported)
    (pytester.path / "jax" / "__init__.py").write_text("")
    pytester.syspathinsert()
    result = pytester.runpytest_inprocess("--onehot-layer=needs_tf:OneHot")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: *needs tensorflow, which is not installed: Keras 3 uses TensorFlow unless "
                                 "KERAS_BACKEND says otherwise, and jax* is installed here: set KERAS_BACKEND=jax*"])


def test_a_package_shadowed_by_an_installed_one_is_found_where_pytest_started(pytester, monkeypatch):
    """An installed package of the same name (tf2onnx installs `examples`) was imported first."""
    installed = pytester.mkdir("site") / "examples"
    installed.mkdir()
    (installed / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(installed.parent))
    pytester.mkpydir("examples")
    (pytester.path / "examples" / "mine.py").write_text("from pytest_onehot.reference import OneHot\n")
    result = pytester.runpytest_inprocess("--onehot-layer=examples.mine:OneHot", "-k", "values-seed",
                                          "-p", "no:randomly")
    result.assert_outcomes(passed=1)
