"""Speed and memory figures for pytest-onehot, as ratios measured in one run on this machine.

    python benchmarks/bench.py            # unused-plugin cost, catalogue vs floor
    python benchmarks/bench.py --corpus   # also every corpus layer's catalogue: time and peak memory
    python benchmarks/bench.py --tox      # also the wall time of `tox -m fast` (minutes)
    python benchmarks/bench.py --backends # the catalogue vs the floor in each backend's environment:
                                          # this repository's .tox/selftest-* (tensorflow, jax, torch,
                                          # numpy, tf.keras 2.15), one table, and each one's ten dearest checks;
                                          # on JAX also rerun with the compiled programs kept
                                          # (--onehot-compile-cache), and the XLA compilations per check

Run it in an environment with pytest-onehot and a Keras installed, once per backend that matters
(the corpus figures are goals on TensorFlow and on JAX):
    .tox/selftest-keras3-tensorflow/bin/python benchmarks/bench.py --corpus
    KERAS_BACKEND=jax .tox/selftest-keras3-jax/bin/python benchmarks/bench.py --corpus
Goals: unused plugin < 10 ms extra and no heavy import; catalogue <= 2x the floor (1.5x the aim);
the slowest failing corpus layer's catalogue <= 2x the reference layer's; the suite's peak memory
on any corpus layer (the hanging ones of tests/layers/misbehaving.py aside) <= 1.5x its peak on
the reference layer.
The export checks (with the `export` extra installed) are timed on their own.
"""
import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

HEAVY = ("keras", "tensorflow", "tf_keras", "jax", "torch", "numpy")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPORTERS = ("onnxruntime", "tf2onnx", "jax2onnx", "ai_edge_litert")
FLOOR = textwrap.dedent("""
    import numpy as np
    from pytest_onehot.keras_compat import default_keras
    keras = default_keras()
    model = keras.Sequential([keras.Input(shape=(5,), dtype="int32"), keras.layers.Embedding(100, 4)])
    model.compile(optimizer="sgd", loss="mse")
    model.predict(np.zeros((2, 5), dtype="int32"), verbose=0)
""")


def run_once(cmd, cwd):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def timed(cmd, cwd, repeat):
    """Median wall time of `cmd` over `repeat` runs, in seconds."""
    return statistics.median(run_once(cmd, cwd) for _ in range(repeat))


def paired(cmd_a, cmd_b, cwd, repeat):
    """Medians of a and b, and the median of their paired differences: runs are interleaved,
    so that a machine growing busier or quieter shifts both alike."""
    pairs = [(run_once(cmd_a, cwd), run_once(cmd_b, cwd)) for _ in range(repeat)]
    a, b = zip(*pairs)
    return statistics.median(a), statistics.median(b), statistics.median(x - y for x, y in pairs)


def unused_plugin(folder, repeat):
    with open(os.path.join(folder, "test_plain.py"), "w") as f:
        f.write("def test_plain():\n    assert True\n")
    with open(os.path.join(folder, "conftest.py"), "w") as f:
        f.write("import sys\ndef pytest_unconfigure():\n"
                f"    print('HEAVY', sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    base = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-p", "no:randomly"]
    with_plugin, without, extra = paired(base, base + ["-p", "no:onehot"], folder, repeat)
    out = subprocess.run(base, cwd=folder, capture_output=True, text=True).stdout
    heavy = next((line for line in out.splitlines() if line.startswith("HEAVY")), "HEAVY ?")
    imports = subprocess.run([sys.executable, "-X", "importtime", "-c", "import pytest_onehot.plugin"],
                             capture_output=True, text=True).stderr
    own = sum(int(line.split("|")[0].split(":")[1]) for line in imports.splitlines()
              if "pytest_onehot" in line.split("|")[-1])
    print(f"unused plugin: {1000 * extra:+.1f} ms per session, median of {repeat} interleaved pairs "
          f"({with_plugin:.3f} s vs {without:.3f} s with -p no:onehot: {with_plugin / without:.3f}x)")
    print(f"unused plugin: pytest_onehot's own import time {own / 1000:.1f} ms; heavy modules after the run: "
          f"{heavy.split(' ', 1)[1]}")


def catalogue_vs_floor(folder, repeat):
    suite = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
             "--onehot-layer=pytest_onehot.reference:OneHot", "-o", "onehot_timeout=0"]
    # The export checks have their own figure: what they cost depends on the exporters installed.
    # Interleaved with the floor: importing Keras alone varies by a second from run to run here.
    core, floor, _ = paired(suite + ["-k", "not export"], [sys.executable, "-c", FLOOR], folder, repeat)
    print(f"catalogue: {core:.2f} s vs floor {floor:.2f} s (import Keras, build, compile and predict one "
          f"Sequential model): {core / floor:.2f}x, goal <= 2x, aim 1.5x (export checks aside)")
    missing = [m for m in EXPORTERS if importlib.util.find_spec(m) is None]
    whole = timed(suite, folder, repeat)
    print(f"export checks: +{whole - core:.2f} s ({whole:.2f} s with them, {whole / floor:.2f}x the floor); "
          f"exporters not installed here: {', '.join(missing) or 'none'}")


def catalogue_run(spec, folder):
    """(wall seconds, peak resident bytes) of the whole catalogue on one layer, in a fresh pytest."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
               f"--onehot-layer={spec}", "-o", "onehot_timeout=0"]
    if spec.endswith("correct_factory_function:OneHot"):
        command.append("--onehot-depth-arg=depth")
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return time.perf_counter() - start, peak, process.returncode


def corpus_layers():
    """Every corpus layer that loads on this Keras (broken and correct), as specs."""
    sys.path.insert(0, ROOT)
    from pytest_onehot.keras_compat import KerasEnv
    from tests import corpus

    env = KerasEnv.default()
    names = {name for entries in corpus.MUST_FAIL.values() for name, where in entries if where(env)}
    names |= {name for name, where in corpus.CORRECT.items() if where(env) and name != "reference"}
    return env, [f"tests.layers.{name}:OneHot" for name in sorted(names)]


def corpus_figures(folder):
    """The slowest failing layer's catalogue and the largest peak memory, each against the
    reference layer's, over the whole corpus."""
    env, specs = corpus_layers()
    ref_time, ref_peak, _ = catalogue_run("pytest_onehot.reference:OneHot", folder)
    runs = {spec: catalogue_run(spec, folder) for spec in specs}
    failing = {spec: run for spec, run in runs.items() if run[2] == 1}
    slowest = max(failing, key=lambda spec: failing[spec][0])
    largest = max(runs, key=lambda spec: runs[spec][1])
    mb = 2 ** 20
    print(f"corpus on {env.label}: {len(runs)} layers, {len(failing)} failing")
    print(f"failing layer: slowest {slowest.split(':')[0].rsplit('.', 1)[1]} {failing[slowest][0]:.1f} s vs "
          f"reference {ref_time:.1f} s: {failing[slowest][0] / ref_time:.2f}x, goal <= 2x")
    print(f"memory: largest peak {largest.split(':')[0].rsplit('.', 1)[1]} {runs[largest][1] / mb:.0f} MB vs "
          f"reference {ref_peak / mb:.0f} MB: {runs[largest][1] / ref_peak:.2f}x, goal <= 1.5x")


# The per-backend environments of --backends (this repository's self-test environments), and the
# goal of each (issue 19): the catalogue within that many times the floor.
BACKEND_ENVS = (("tensorflow", "selftest-keras3-tensorflow", {"KERAS_BACKEND": "tensorflow"}, 1.25),
                ("jax", "selftest-keras3-jax", {"KERAS_BACKEND": "jax"}, 2.0),
                ("torch", "selftest-keras3-torch", {"KERAS_BACKEND": "torch"}, 2.0),
                ("numpy", "selftest-keras3-numpy", {"KERAS_BACKEND": "numpy"}, 2.0),
                ("tf.keras 2.15", "selftest-tf2.15", {}, 1.5))


def in_env(python, variables):
    """(command prefix, environment) that run this source tree under another environment's Python."""
    env = {**os.environ, **variables, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
    return [python], env


def run_in(cmd, cwd, env):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def backend_figures(folder, repeat):
    """One table: the catalogue (export checks aside) vs the floor in each backend's environment,
    paired runs interleaved; then each backend's ten most expensive checks (from its JSON report), and
    on JAX the compilations per check (jax_compiles)."""
    import json

    rows, dearest = [], {}
    for name, tox_env, variables, goal in BACKEND_ENVS:
        python = os.path.join(ROOT, ".tox", tox_env, "bin", "python")
        if not os.path.exists(python):
            rows.append(f"| {name} | (no .tox/{tox_env}: `tox -e {tox_env} --notest`) | | | |")
            continue
        prefix, env = in_env(python, variables)
        report = os.path.join(folder, f"{tox_env}.json")
        suite = prefix + ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-k", "not export",
                          "--onehot-layer=pytest_onehot.reference:OneHot", "-o", "onehot_timeout=0",
                          f"--onehot-report={report}"]
        core, floor = paired_in(suite, prefix + ["-c", FLOOR], folder, env, env, repeat)
        with open(report, encoding="utf-8") as f:
            doc = json.load(f)
        keras = f"{doc['environment']['keras_package']} {doc['environment']['keras']}"
        rows.append(f"| {name} | {keras} | {core:.2f} s | {floor:.2f} s | {core / floor:.2f}x (goal <= {goal}x) |")
        if name == "jax":
            core, floor = rerun_figures(suite, prefix + ["-c", FLOOR], folder, env, repeat)
            rows.append(f"| jax, rerun: compiled programs kept | {keras} | {core:.2f} s | {floor:.2f} s | "
                        f"{core / floor:.2f}x (goal <= {goal}x) |")
        dearest[name] = sorted(doc["checks"], key=lambda c: -c["duration"])[:10]
        if name == "jax":
            compiles = jax_compiles(suite, folder, env)
    print(f"catalogue vs floor per backend (median of {repeat} interleaved pairs; export checks aside):")
    print("| backend | Keras | catalogue | floor | ratio |\n|---|---|---|---|---|")
    print("\n".join(rows))
    for name, checks in dearest.items():
        print(f"{name}: " + ", ".join(f"{c['id']} {c['duration']:.2f}" for c in checks))
    if "jax" in dearest:
        print(f"jax: {sum(compiles.values())} XLA compilations in the catalogue (a count the busy CPU does not blur): "
              + ", ".join(f"{check} {n}" for check, n in compiles.most_common(8)))


def paired_in(suite, floor, folder, env, floor_env, repeat):
    """Medians of the catalogue and the floor over `repeat` interleaved pairs."""
    pairs = [(run_in(suite, folder, env), run_in(floor, folder, floor_env)) for _ in range(repeat)]
    return tuple(statistics.median(side) for side in zip(*pairs))


def rerun_figures(suite, floor, folder, env, repeat):
    """The catalogue and the floor as rerun, each loading what its first run compiled: the
    catalogue with --onehot-compile-cache, the floor with JAX's own cache (every program kept)."""
    kept = os.path.join(folder, "compiled")
    floor_env = {**env, "JAX_COMPILATION_CACHE_DIR": os.path.join(folder, "compiled-floor"),
                 "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0"}
    suite = suite + [f"--onehot-compile-cache={kept}"]
    run_in(suite, folder, env)  # the first runs compile and keep
    run_in(floor, folder, floor_env)
    return paired_in(suite, floor, folder, env, floor_env, repeat)


def jax_compiles(suite, folder, env):
    """{check id: XLA compilations it ran} over one catalogue run on JAX (jax_log_compiles): each new
    function, and each new input shape of one, is compiled, and compiling is most of the catalogue's time there."""
    import collections
    import re

    command = [arg for arg in suite if arg != "-q" and not arg.startswith("--onehot-report")]
    command += ["-v", "-s", "-p", "no:logging"]  # -v: a line naming each check as it starts
    # One stream: JAX logs each compilation to stderr while pytest -v has named the check on stdout.
    out = subprocess.run(command, cwd=folder, env={**env, "JAX_LOG_COMPILES": "1"}, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    counts, check = collections.Counter(), "(collection)"
    for line in out.stdout.splitlines():
        started = re.match(r"onehot::(\S+)", line)
        check = started.group(1) if started else check
        counts[check] += "Finished XLA compilation" in line
    return +counts


def tox_fast(root):
    start = time.perf_counter()
    done = subprocess.run(["tox", "-m", "fast", "-p", "2"], cwd=root, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    print(f"tox -m fast (warm uv cache, 2 parallel): {time.perf_counter() - start:.0f} s, exit {done.returncode}")


def as_installed():
    """Import from bytecode, as an installed package does (pip compiles it; uv and tox may not):
    compile pytest-onehot's modules and let the timed runs write the rest, instead of compiling
    every module from source in every session (PYTHONDONTWRITEBYTECODE)."""
    import compileall

    compileall.compile_dir(os.path.join(ROOT, "pytest_onehot"), quiet=1)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", action="store_true",
                        help="also run the catalogue on every corpus layer: time and peak memory (~10 min)")
    parser.add_argument("--tox", action="store_true", help="also time `tox -m fast` (takes minutes)")
    parser.add_argument("--backends", action="store_true",
                        help="only the catalogue vs the floor in each backend's self-test environment "
                        "(.tox/selftest-*)")
    args = parser.parse_args()
    as_installed()
    if args.backends:
        with tempfile.TemporaryDirectory() as folder:
            backend_figures(folder, args.repeat)
        return
    with tempfile.TemporaryDirectory() as folder:
        unused_plugin(folder, max(args.repeat, 20))
    with tempfile.TemporaryDirectory() as folder:
        catalogue_vs_floor(folder, args.repeat)
    if args.corpus:
        with tempfile.TemporaryDirectory() as folder:
            corpus_figures(folder)
    if args.tox:
        tox_fast(ROOT)


if __name__ == "__main__":
    main()
