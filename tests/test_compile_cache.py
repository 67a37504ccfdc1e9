"""JAX's compiled programs kept between runs (--onehot-compile-cache): where, when, and never elsewhere."""
import pytest

SPEC = "--onehot-layer=pytest_onehot.reference:OneHot"


@pytest.fixture
def jax(env):
    if env.backend != "jax":
        pytest.skip("only JAX compiles ahead of running")
    import jax

    # In-process sessions share JAX's in-memory caches: what an earlier test compiled would not be
    # compiled, and so not kept, again.
    jax.clear_caches()
    return jax


def header(result):
    return [line for line in result.outlines if line.startswith("onehot: JAX")]


def programs(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def default_folder(pytester):
    return pytester.path / ".pytest_cache" / "d" / "onehot-jax"


def test_a_rerun_on_jax_loads_what_the_first_run_compiled(jax, run, pytester):
    folder = default_folder(pytester)
    first = run(SPEC, "-k", "values-seed")
    first.assert_outcomes(passed=1)
    assert header(first) == [f"onehot: JAX's compiled programs are kept in {folder} (pytest's cache folder; "
                             "--onehot-compile-cache=off compiles anew)"]
    kept = programs(folder)
    assert kept, "the first run kept no program"
    run(SPEC, "-k", "values-seed").assert_outcomes(passed=1)
    assert programs(folder) == kept  # the rerun compiled nothing new: it loaded them
    # The session's settings do not outlive it: a later session in this process compiles as it did.
    assert jax.config.jax_compilation_cache_dir is None
    assert jax.config.jax_persistent_cache_min_compile_time_secs == 1.0


@pytest.mark.parametrize("args", [["--onehot-compile-cache=off"], ["-p", "no:cacheprovider"]])
def test_off_and_the_cacheprovider_off_keep_nothing_and_say_so(jax, run, pytester, args):
    result = run(SPEC, "-k", "values-seed", *args)
    result.assert_outcomes(passed=1)
    assert len(header(result)) == 1 and "compiles anew" in header(result)[0]
    assert not default_folder(pytester).exists()


def test_the_users_own_jax_folder_keeps_them_unless_off(jax, run, pytester):
    own = pytester.path / "mine"
    jax.config.update("jax_compilation_cache_dir", str(own))
    try:
        result = run(SPEC, "-k", "values-seed")
        assert header(result) == [f"onehot: JAX's compiled programs are kept in {own} (your "
                                  "JAX_COMPILATION_CACHE_DIR; --onehot-compile-cache=off compiles anew)"]
        kept = programs(own)
        assert kept  # JAX keeps only compilations over a second unless told otherwise: told, for the session
        off = run(SPEC, "-k", "values-seed or values-random", "--onehot-compile-cache=off")
        off.assert_outcomes(passed=2)
        assert programs(own) == kept  # off: nothing loaded from it, nothing added to it
    finally:
        jax.config.update("jax_compilation_cache_dir", None)
    assert not default_folder(pytester).exists()


@pytest.mark.parametrize(("value", "said"), [
    ("", "--onehot-compile-cache is empty (a variable that was never set?): give a folder, or off"),
    ("file", "--onehot-compile-cache 'file' is a file: give a folder, or off"),
    ("file/cache", "--onehot-compile-cache 'file/cache': cannot create that folder (Not a directory): "
                   "give a writable folder, or off"),
])
def test_a_folder_that_cannot_hold_them_is_a_usage_error(jax, run, pytester, value, said):
    (pytester.path / "file").write_text("")
    result = run(SPEC, f"--onehot-compile-cache={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.startswith("ERROR:")]
    assert errors == [f"ERROR: {said}"] and "Traceback" not in result.stderr.str()
    assert sorted(p.name for p in pytester.path.iterdir() if not p.name.startswith(".")) == ["file", "tox.ini"]


def test_other_backends_keep_nothing_and_say_nothing(env, run, pytester):
    if env.backend == "jax":
        pytest.skip("JAX keeps its programs")
    result = run(SPEC, "-k", "values-seed", "--onehot-compile-cache=kept")
    result.assert_outcomes(passed=1)
    assert header(result) == []
    assert not (pytester.path / "kept").exists() and not default_folder(pytester).exists()


def xla_line(result):
    return [line for line in result.outlines if line.startswith("onehot: XLA")]


def knows_the_flag():
    from importlib import metadata

    from pytest_onehot import compile_cache, versions

    return versions.parse(metadata.version("jaxlib")) >= compile_cache.FAST_SINCE


def test_a_fresh_process_compiles_with_the_faster_emitters(jax, tmp_path, repo_on_path):
    """Flags are read when XLA starts: only a fresh process shows them applied."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "XLA_FLAGS"}
    done = subprocess.run([sys.executable, "-m", "pytest", SPEC, "-k", "values-seed", "-p", "no:randomly",
                           "-p", "no:cacheprovider"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    said = [line for line in done.stdout.splitlines() if line.startswith("onehot: XLA")]
    if knows_the_flag():
        assert said == ["onehot: XLA compiles with its faster CPU emitters (--xla_cpu_use_fusion_emitters=false in "
                        "XLA_FLAGS; set xla_cpu_use_fusion_emitters in your own XLA_FLAGS to choose)"]
    else:  # older jaxlib aborts on a flag it does not know: none is given
        assert said == []


def test_the_users_own_xla_flags_choose(jax, run, monkeypatch):
    import os

    monkeypatch.setenv("XLA_FLAGS", "--xla_cpu_use_fusion_emitters=true")
    result = run(SPEC, "-k", "values-seed")
    result.assert_outcomes(passed=1)
    assert xla_line(result) == ["onehot: XLA compiles with the emitters your XLA_FLAGS choose"]
    assert os.environ["XLA_FLAGS"] == "--xla_cpu_use_fusion_emitters=true"


def test_xla_started_before_the_session_is_left_as_it_is(jax, run, monkeypatch):
    import os

    monkeypatch.delenv("XLA_FLAGS", raising=False)
    jax.numpy.zeros(1).block_until_ready()  # XLA has started in this process
    result = run(SPEC, "-k", "values-seed")
    result.assert_outcomes(passed=1)
    if knows_the_flag():
        assert xla_line(result) == ["onehot: XLA had started before the session (the layer's module ran JAX): "
                                    "it compiles as it was set"]
    assert "XLA_FLAGS" not in os.environ


def test_collecting_only_makes_no_folder(jax, run, pytester):
    run(SPEC, "--co")
    assert not default_folder(pytester).exists()


def test_a_folder_that_cannot_be_written_is_refused_in_one_line(tmp_path, monkeypatch):
    """As root every folder is writable: os.access is made to say no."""
    from pytest_onehot import compile_cache, settings

    monkeypatch.setattr(settings.os, "access", lambda path, mode: False)
    with pytest.raises(pytest.UsageError) as refused:
        compile_cache.check_folder("kept", tmp_path)
    assert str(refused.value) == ("--onehot-compile-cache 'kept': that folder is not writable: give a writable "
                                  "folder, or off")
    with pytest.raises(pytest.UsageError) as refused:
        settings.check_report_path("out/run.json", tmp_path)
    assert str(refused.value) == ("--onehot-report 'out/run.json': its folder is not writable: give a path in a "
                                  "folder you can write")
