"""JAX's compiled programs kept between runs (--onehot-compile-cache): where, when, and never elsewhere."""
import pytest

SPEC = "--onehot-layer=pytest_onehot.reference:OneHot"


def header(result):
    return [line for line in result.outlines if "compiled programs" in line or "own cache" in line]


def programs(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_rerun_on_jax_loads_what_the_first_run_compiled(env, run, pytester):
    if env.backend != "jax":
        pytest.skip("only JAX compiles ahead of running")
    import jax

    folder = pytester.path / ".pytest_cache" / "d" / "onehot-jax"
    first = run(SPEC, "-k", "values-seed")
    first.assert_outcomes(passed=1)
    assert header(first) == [f"onehot: JAX's compiled programs are kept in {folder} (--onehot-compile-cache; off: "
                             "compile anew)"]
    kept = programs(folder)
    assert kept, "the first run kept no program"
    run(SPEC, "-k", "values-seed").assert_outcomes(passed=1)
    assert programs(folder) == kept  # the rerun compiled nothing new: it loaded them
    # The session's settings do not outlive it: a later session in this process compiles where it did.
    assert jax.config.jax_compilation_cache_dir is None


def test_off_and_the_cacheprovider_off_keep_nothing(env, run, pytester):
    if env.backend != "jax":
        pytest.skip("only JAX compiles ahead of running")
    for args in (["--onehot-compile-cache=off"], ["-p", "no:cacheprovider"]):
        result = run(SPEC, "-k", "values-seed", *args)
        result.assert_outcomes(passed=1)
        assert header(result) == []
    assert not (pytester.path / ".pytest_cache" / "d" / "onehot-jax").exists()


def test_a_folder_of_the_users_own_jax_is_left_alone(env, run, pytester):
    if env.backend != "jax":
        pytest.skip("only JAX compiles ahead of running")
    import jax

    own = str(pytester.path / "mine")
    jax.config.update("jax_compilation_cache_dir", own)
    try:
        result = run(SPEC, "-k", "values-seed")
    finally:
        jax.config.update("jax_compilation_cache_dir", None)
    result.assert_outcomes(passed=1)
    assert header(result) == [f"onehot: JAX compiles into its own cache, {own}"]
    assert not (pytester.path / ".pytest_cache" / "d" / "onehot-jax").exists()


def test_a_folder_that_cannot_be_made_is_a_usage_error(env, run, pytester):
    if env.backend != "jax":
        pytest.skip("the folder is made only where the layer runs on JAX")
    (pytester.path / "file").write_text("")
    result = run(SPEC, "--onehot-compile-cache=file/cache")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.startswith("ERROR:")]
    assert len(errors) == 1 and "Traceback" not in result.stderr.str()
    assert errors[0].startswith("ERROR: --onehot-compile-cache 'file/cache': cannot create that folder")


def test_other_backends_keep_nothing_and_say_nothing(env, run, pytester):
    if env.backend == "jax":
        pytest.skip("JAX keeps its programs")
    result = run(SPEC, "-k", "values-seed", "--onehot-compile-cache=kept")
    result.assert_outcomes(passed=1)
    assert header(result) == []
    assert not (pytester.path / "kept").exists()
    assert not (pytester.path / ".pytest_cache" / "d" / "onehot-jax").exists()
