"""tox configurations from the compatibility table (compat.json), the matrix's one source of truth.

`pytest-onehot tox --layer mypkg.layers:OneHot` renders one for a user's project; this
repository's own tox.ini is rendered by the same code with `--this-repo` (self-test
environments, the ci label, the dist check), and a self-test fails when they drift apart.
Reads JSON only: nothing heavy is imported.
"""
import dataclasses
import itertools
import os
import re
from dataclasses import dataclass

from pytest_onehot import table as table_file
from pytest_onehot import versions
from pytest_onehot._version import __version__

REFERENCE_LAYER = "pytest_onehot.reference:OneHot"
PLUGIN = "pytest-onehot"
LAYER = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
ARCHIVES = (".whl", ".tar.gz", ".zip")
PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
INDENT = "    "
FIRST_LINE = "# tox configuration: the pytest-onehot suite on a Keras one-hot layer across Keras 2 and 3."
# This repository's ci label runs the suite on the oldest release of each Keras line, on these
# Keras 3 backends only (the fast label covers the others).
CI_SUITE_BACKENDS = ("tensorflow", "torch")
# --lines: the Keras lines a project chooses (a family is chosen by its name, or by its line).
KERAS3, KERAS2 = "keras3", "keras2"


class ConfigError(Exception):
    """A bad argument; the message is one line that names the value and the fix."""


@dataclass
class Options:
    layer: str = REFERENCE_LAYER
    labels: tuple = ()            # empty: every label the table knows
    lines: tuple = ()             # --lines: keras3, keras2, tf.keras, tf-keras; empty: all
    backends: tuple = ()          # --backends: tensorflow, jax, torch, numpy; empty: all
    plugin: str = ""              # the deps line installing pytest-onehot; empty: it is the project itself
    install: bool = True          # install the project (else: skip_install, the project on PYTHONPATH)
    deps: tuple = ()              # more requirements for every environment
    torch_backend: str = "cpu"    # UV_TORCH_BACKEND for torch; empty: leave it to the environment
    this_repo: bool = False       # pytest-onehot's own tox.ini: self-tests, ci label, dist check
    command: str = ""             # how the configuration was generated, for its header
    tests: str = ""               # --tests: the project's own tests, run in every environment too


load_table = table_file.load  # the one reader of compat.json


# ---- environments -----------------------------------------------------------------------------

def line_condition(family, line):
    """The factors that name one Keras line: `keras3.0`, `tf2.12`, `tfkeras-tf2.16`, `next`."""
    return "-".join(filter(None, [family.get("prefix"), line["factor"]]))


def multi_backend(family):
    """Keras 3 runs on several backends, so its environments carry a backend factor."""
    return family["keras_package"] == "keras"


def line_envs(family, line):
    name = line_condition(family, line)
    return [f"{name}-{backend}" for backend in line["backends"]] if multi_backend(family) else [name]


def released(table):
    """The families of released Keras (not those with a label of their own, such as `next`)."""
    return [family for family in table["families"] if not family.get("label")]


def all_labels(table):
    """{label: [env names]}: `fast` (the oldest and newest line of each released family),
    `full` (every released line) and each family's own label (`next`)."""
    labels = {"fast": [], "full": []}
    for family in table["families"]:
        per_line = [line_envs(family, line) for line in family["lines"]]
        if family.get("label"):
            labels.setdefault(family["label"], []).extend(flat(per_line))
        else:
            labels["full"].extend(flat(per_line))
            labels["fast"].extend(flat(per_line[:1] + per_line[1:][-1:]))  # the oldest and newest line
    labels["full"].extend(export_envs(table))
    return labels


def export_envs(table):
    """`<env>-export`: the export lines' environments with the exporters installed beside."""
    spec = table.get("export") or {"lines": []}
    out = []
    for family in released(table):
        for line in family["lines"]:
            if line_condition(family, line) in spec["lines"]:
                out += [f"{env}-export" for env in line_envs(family, line)
                        if not multi_backend(family) or env.rsplit("-", 1)[1] in spec["backends"]]
    return out


def flat(lists):
    return list(itertools.chain.from_iterable(lists))


@dataclass(frozen=True)
class Environment:
    """One suite environment of the table: its name, Keras family and line, and backend."""

    name: str
    family: dict
    line: dict
    backend: str          # Keras 2 runs on TensorFlow only
    export: bool = False  # the exporters are installed beside

    @property
    def keras_line(self):
        """`keras3` for Keras 3 (released or nightly), `keras2` for tf.keras and tf-keras."""
        return KERAS3 if multi_backend(self.family) else KERAS2

    def requirements(self, table):
        """What the environment pins for its Keras stack (its deps lines and --no-deps installs)."""
        line = self.line
        reqs = [*line.get("requires", []), *line["backends"][self.backend], *line.get("no_deps", [])]
        if self.family["keras_package"] == "tf.keras":
            reqs.append("keras<3")  # tf.keras of TensorFlow <= 2.15 is the `keras` 2 it requires
        if self.export:
            spec = table["export"]
            extra = table_file.export_extra(self.backend)
            reqs += [*spec["extras"][extra], *spec.get("line_requires", {}).get(line_condition(self.family, line), [])]
        return list(dict.fromkeys(reqs))

    def describe(self):
        """What the name promises: `keras==3.15.* on jax`, `Keras 2 (tf.keras) with tensorflow-cpu==2.15.*`."""
        if not multi_backend(self.family):
            return f"Keras 2 ({self.family['name']}) with {' and '.join(self.line['backends']['tensorflow'])}"
        return f"{self.line['requires'][0]} on {self.backend}"


def environments(table):
    """{name: Environment} for every suite environment the table defines (export ones too)."""
    out = {}
    for family in table["families"]:
        for line in family["lines"]:
            for name in line_envs(family, line):
                backend = name.rsplit("-", 1)[1] if multi_backend(family) else "tensorflow"
                out[name] = Environment(name, family, line, backend)
    for name in export_envs(table):
        out[name] = dataclasses.replace(out[name[:-len("-export")]], name=name, export=True)
    return out


def line_choices(table):
    """The --lines values: keras3, keras2 and each Keras 2 family by name (tf.keras, tf-keras)."""
    return [KERAS3, KERAS2, *(f["name"] for f in released(table) if not multi_backend(f))]


def backend_choices(table):
    return list(dict.fromkeys(b for family in table["families"] if multi_backend(family)
                              for line in family["lines"] for b in line["backends"]))


def selected(env, options):
    """Whether --lines and --backends keep this environment."""
    lines = set(options.lines)
    in_lines = not lines or env.keras_line in lines or env.family["name"] in lines
    return in_lines and (not options.backends or env.backend in options.backends)


def line_labels(table):
    """Labels per Keras line and backend: `keras3`, `keras3-jax`, ..., `keras2` (released lines)."""
    envs = [env for env in environments(table).values() if not env.export and not env.family.get("label")]
    labels = {}
    for env in envs:
        labels.setdefault(env.keras_line, []).append(env.name)
    for env in envs:
        if env.keras_line == KERAS3:
            labels.setdefault(f"{KERAS3}-{env.backend}", []).append(env.name)
    return labels


def chosen_labels(table, options):
    """{label: [env names]} as the configuration defines them: the chosen labels (default all,
    the per-line ones included), each keeping only the environments --lines and --backends keep."""
    known = environments(table)
    labels = {**all_labels(table), **line_labels(table)}
    out = {}
    for name in options.labels or labels:
        kept = [env for env in labels[name] if selected(known[env], options)]
        if kept:
            out[name] = kept
        elif options.labels:
            raise ConfigError(f"--labels {name}: no environment of it is left by --lines/--backends "
                              f"({', '.join(options.lines + options.backends)}); choose another label")
    if not out:
        raise ConfigError("--lines/--backends leave no environment: e.g. --lines keras3 --backends tensorflow,jax")
    return out


def chosen_envs(table, options):
    """The Environments of the chosen labels, in label order."""
    known = environments(table)
    return [known[name] for name in dict.fromkeys(flat(chosen_labels(table, options).values()))]


def pins_error(table, name, installed):
    """Why environment `name` does not hold the pins of its Keras stack, in one line; None when it
    does, or when the table has no environment of that name. `installed(dist)` gives an installed
    distribution's version, None when it is absent."""
    from packaging.requirements import Requirement  # pytest's own dependency

    env = environments(table).get(name)
    for text in env.requirements(table) if env else ():
        req = Requirement(text)
        have = installed(req.name)
        if have is None:
            return f"environment {name} pins {text}, but {req.name} is not installed"
        if not req.specifier.contains(have, prereleases=True):
            return f"environment {name} pins {text}, but {req.name} {have} is installed"
    return None


def identity_error(table, name, package, version, backend):
    """Why the Keras a layer runs on (its package `keras` or `tf_keras`, version, backend) is not
    the one environment `name` names, in one line; None when it is (or the name is not the table's)."""
    env = environments(table).get(name)
    if env is None:
        return None
    wanted = "tf_keras" if env.family["keras_package"] == "tf_keras" else "keras"
    keras3 = versions.is_keras3(version)
    if keras3 == (env.keras_line == KERAS3) and package == wanted and backend == env.backend:
        return None
    return f"environment {name} names {env.describe()}, but the layer runs on {package} {version} ({backend} backend)"


def key_error(table, name, key):
    """Why a report of environment `name` with Keras key `key` (keras3.15-jax, tf2.15) did not
    test what its name says, else None (also for names the table does not know)."""
    strip = lambda text: text[:-len("-export")] if text.endswith("-export") else text  # noqa: E731
    env = environments(table).get(strip(name))
    if env is None:
        return None
    base = strip(key)
    if env.family.get("label"):  # a nightly: any Keras 3 release on the same backend
        ok = base.startswith(KERAS3 + ".") and base.endswith("-" + env.backend)
    else:
        ok = base == env.name
    return None if ok else f"environment {name} names {env.describe()}, but its report tested {key}"


def self_tests(table):
    """This repository's self-test environments, on the newest line of each released family,
    with the deps lines that factor matching does not already give them."""
    envs, deps = [], []
    for family in released(table):
        newest = family["lines"][-1]
        if multi_backend(family):
            prefix = f"selftest-{family['name']}"
            envs += [f"{prefix}-{backend}" for backend in newest["backends"]]
            deps += requirement_lines(prefix, family, newest)
        else:  # `selftest-tf2.15` has the factors of `tf2.15`: its deps lines apply as they are
            envs += [f"selftest-{env}" for env in line_envs(family, newest)]
    # Older releases whose Keras behaves differently (the factors of `keras3.14-tensorflow` give
    # `selftest-keras3.14-tensorflow` its pins, as for the Keras 2 lines).
    envs += [f"selftest-{env}" for env in selftest_also(table)]
    return envs, deps


def ci_label(table):
    suite = []
    for family in released(table):
        oldest = line_envs(family, family["lines"][0])
        suite += [env for env in oldest if not multi_backend(family) or env.rsplit("-", 1)[1] in CI_SUITE_BACKENDS]
    return self_tests(table)[0] + suite + ["dist", "docs", "lint"]


# ---- arguments --------------------------------------------------------------------------------

def check_layer(layer):
    if layer is None:
        raise ConfigError("--layer is required: name your factory, e.g. --layer mypkg.layers:OneHot")
    if not LAYER.fullmatch(layer):
        raise ConfigError(f"--layer {layer!r}: expected module.path:attr, e.g. mypkg.layers:OneHot")
    return layer


def check_labels(table, text):
    known = {**all_labels(table), **line_labels(table)}
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise ConfigError(f"--labels {text!r}: unknown label {(unknown or [''])[0]!r}; choose from {', '.join(known)}")
    return tuple(dict.fromkeys(names))


def check_choices(flag, text, choices):
    """A comma-separated choice of `choices` (--lines, --backends), as a tuple."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in choices]
    if unknown or not names:
        raise ConfigError(f"{flag} {text!r}: unknown {(unknown or [''])[0]!r}; choose from {', '.join(choices)}")
    return tuple(dict.fromkeys(names))


def plugin_line(spec, root):
    """The deps line that installs pytest-onehot from `spec`: a requirement as given, or a path
    (a checkout, a wheel or an sdist) as `{tox_root}/...` when it lies inside `root`."""
    spec = spec.strip()
    if "@" not in spec and ("/" in spec or os.sep in spec or spec.endswith(ARCHIVES) or os.path.exists(spec)):
        return plugin_path(spec, root)
    from packaging.requirements import InvalidRequirement, Requirement  # pytest's own dependency

    try:
        name = Requirement(spec).name
    except InvalidRequirement:
        raise ConfigError(f"--plugin-spec {spec!r}: not a requirement or an existing path; "
                          f"give e.g. {PLUGIN}=={__version__}, a pytest-onehot checkout or a built wheel") from None
    if re.sub(r"[-_.]+", "-", name).lower() != PLUGIN:
        raise ConfigError(f"--plugin-spec {spec!r} names {name!r}, not {PLUGIN}; give e.g. {PLUGIN}=={__version__}")
    return spec


def plugin_path(spec, root):
    path = os.path.abspath(spec)
    if os.path.isdir(path) and not any(os.path.exists(os.path.join(path, f)) for f in PROJECT_FILES):
        raise ConfigError(f"--plugin-spec {spec!r}: a folder without pyproject.toml; give a pytest-onehot checkout")
    if not os.path.isdir(path) and not (os.path.isfile(path) and path.endswith(ARCHIVES)):
        raise ConfigError(f"--plugin-spec {spec!r}: no such checkout, wheel or sdist; "
                          f"give an existing path or a requirement such as {PLUGIN}=={__version__}")
    inside = os.path.relpath(path, root) if os.path.splitdrive(path)[0] == os.path.splitdrive(root)[0] else ".."
    return path if inside.startswith("..") else "{tox_root}/" + inside.replace(os.sep, "/")


def local_torch(table):
    """A torch wheel the table's torch pin accepts in PIP_FIND_LINKS / UV_FIND_LINKS folders, else None."""
    from packaging.requirements import Requirement

    pins = {req for family in table["families"] for line in family["lines"]
            for reqs in line["backends"].values() for req in reqs if req.startswith("torch")}
    folders = [p for var in ("UV_FIND_LINKS", "PIP_FIND_LINKS") for p in os.environ.get(var, "").split()
               if os.path.isdir(p)]
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            parts = name.split("-")
            if name.endswith(".whl") and parts[0] == "torch" and len(parts) > 2 and all(
                    Requirement(pin).specifier.contains(parts[1].split("+")[0]) for pin in pins):
                return os.path.join(folder, name)
    return None


def project_keras(root):
    """(requirement, the Keras line it allows) when the project's pyproject.toml requires one Keras
    line only (`keras>=3` -> keras3), else None."""
    try:
        import tomllib
        with open(os.path.join(root, "pyproject.toml"), "rb") as f:
            deps = tomllib.load(f).get("project", {}).get("dependencies", [])
    except (ImportError, OSError, ValueError):
        return None
    from packaging.requirements import InvalidRequirement, Requirement

    for dep in deps:
        try:
            req = Requirement(dep)
        except InvalidRequirement:
            continue
        if req.name.lower() == "keras":
            allowed = [line for line, probe in ((KERAS2, "2.15.0"), (KERAS3, "3.15.0"))
                       if req.specifier.contains(probe, prereleases=True)]
            if len(allowed) == 1:
                return dep, allowed[0]
    return None


def check_project(root, install):
    """An installed project needs packaging; without any, say how to run from the path."""
    if install and not any(os.path.exists(os.path.join(root, f)) for f in PROJECT_FILES):
        raise ConfigError(f"{root}: no pyproject.toml, setup.py or setup.cfg, so tox cannot install your project; "
                          "add packaging, or pass --no-install (the project folder goes on PYTHONPATH)")


def check_tests(path, root):
    """--tests: a folder or file of the project, written relative to it."""
    full = os.path.abspath(os.path.join(root, path))
    inside = os.path.relpath(full, root)
    if inside.startswith("..") or not os.path.exists(full):
        raise ConfigError(f"--tests {path!r}: not a folder or file inside your project ({root}); "
                          "give your tests' folder relative to it, e.g. --tests tests")
    return inside.replace(os.sep, "/")


def check_deps(deps):
    for dep in deps:
        if not dep.strip() or "\n" in dep:
            raise ConfigError(f"--deps {dep!r}: expected one requirement, e.g. h5py or -r requirements.txt")
    return tuple(dep.strip() for dep in deps)


# ---- rendering --------------------------------------------------------------------------------

def requirement_lines(condition, family, line):
    """`condition[-backends]: requirement` deps lines for one Keras line; a requirement that
    several backends share is one line for all of them."""
    backends = list(line["backends"])
    needs = {req: list(backends) for req in line.get("requires", [])}
    for backend, reqs in line["backends"].items():
        for req in reqs:
            needs.setdefault(req, [])
            if backend not in needs[req]:
                needs[req].append(backend)
    return [f"{with_backends(condition, family, backends, who)}: {req}" for req, who in needs.items()]


def with_backends(condition, family, backends, who):
    if not multi_backend(family) or who == backends:
        return condition
    return f"{condition}-{who[0]}" if len(who) == 1 else f"{condition}-{{{','.join(who)}}}"


def rendered_families(table, envs):
    """(family, lines) for every line with an environment in `envs`, in table order."""
    out = []
    for family in table["families"]:
        lines = [line for line in family["lines"] if set(line_envs(family, line)) & envs]
        if lines:
            out.append((family, lines))
    return out


def pattern(family, lines, envs):
    """`keras3.{0..15}-{tensorflow,jax,torch,numpy}`: the names of a family's environments in `envs`."""
    names = [line_condition(family, line) for line in lines]
    stem = names[0].rsplit(".", 1)[0] + "."
    if len(names) > 1 and all(name.startswith(stem) for name in names):
        name = f"{stem}{{{names[0][len(stem):]}..{names[-1][len(stem):]}}}"
    else:
        name = names[0] if len(names) == 1 else "{" + ",".join(names) + "}"
    backends = list(dict.fromkeys(b for line in lines for b in line["backends"]
                                  if f"{line_condition(family, line)}-{b}" in envs))
    return f"{name}-{{{','.join(backends)}}}" if multi_backend(family) else name


def selftest_also(table):
    """The older environments this repository's self-tests also run in (the table's `selftest_also`)."""
    return table.get("selftest_also", {}).get("envs", [])


def header(table, options, families, labels):
    layer = options.layer
    out = [FIRST_LINE]
    if options.this_repo:
        out += ["# Generated from pytest_onehot/compat.json (the compatibility table) by",
                "#     python -m pytest_onehot.cli tox --this-repo -o tox.ini",
                "# Edit the table, not this file: tests/test_toxgen.py fails when they drift apart.",
                "# selftest-* run the project's own tests (tests/) on the newest release of each Keras line",
                f"# (and on {', '.join(selftest_also(table))}, where Keras itself behaves otherwise);",
                "# dist builds the sdist and wheel and checks them (tests_dist/), docs builds the documentation",
                "# site (docs/) and looks at it in a browser (tests_docs/), lint runs ruff and mypy;",
                "# `tox -m ci` is what .ci/run runs.",
                "# The others run the check suite on one Keras stack each and write reports/<env>.json:"]
    else:
        out += [f"# Generated by pytest-onehot {__version__} from its compatibility table:",
                f"#     {options.command or 'pytest-onehot tox --layer ' + layer}",
                "# Regenerate rather than edit: a newer pytest-onehot knows newer Keras releases.",
                "# Each environment runs the suite on one Keras stack and writes reports/<env>.json:"]
    envs = set(flat(labels.values()))
    rows = [(pattern(family, lines, envs), family["about"]) for family, lines in families]
    if set(export_envs(table)) & set(flat(labels.values())):
        rows.append(("*-export", table["export"]["about"]))
    width = max(len(name) for name, _ in rows)
    out += [f"#   {name:{width}}  {about}" for name, about in rows]
    counts = ", ".join(f"`tox -m {name}` ({len(envs)} envs)" for name, envs in labels.items())
    out += [f"# Labels: {counts}; add -p 2 to run two at a time.",
            f"# The layer is $ONEHOT_LAYER, default {layer}. Arguments after -- go to pytest:",
            f"#     tox -e {example(labels)} -- -k narrow -x",
            "# Then: pytest-onehot matrix reports -o COMPATIBILITY.md (a table), pytest-onehot diff old/ reports/."]
    if options.torch_backend:
        out += [f"# torch comes from the PyTorch index of UV_TORCH_BACKEND (default {options.torch_backend}), "
                "not PyPI's CUDA build."]
    if not options.install:
        out += ["# The project is not installed: its folder is on PYTHONPATH (--no-install)."]
    return out


def example(labels):
    """An environment to show in examples: the newest Keras 3 on JAX, when it is there."""
    envs = flat(labels.values())
    jax = [env for env in envs if env.endswith("-jax")]
    return ([env for env in jax if not env.startswith("next")] or jax or envs)[-1]


def tox_section(table, options, families, labels):
    requires = ["tox>=4.11", "tox-uv>=1.11"]
    if options.torch_backend:
        requires.append("uv>=0.6.9")  # the first uv that knows UV_TORCH_BACKEND
    # Plain `tox` runs every chosen environment but the nightlies (or those, when alone).
    listed = {env for name, envs in labels.items() if name != "next" for env in envs} or set(flat(labels.values()))
    rows = [", ".join(env for env in line_envs(family, line) if env in listed)
            for family, lines in families for line in lines]
    rows.append(", ".join(env for env in export_envs(table) if env in listed))
    if options.this_repo:
        labels = {"ci": ci_label(table), **labels}
    return ["[tox]", "requires =", *indent(requires),
            "env_list =", *indent(row for row in rows if row),
            "labels =", *indent(f"{name} = {', '.join(envs)}" for name, envs in labels.items())]


def indent(lines):
    return [INDENT + line for line in lines]


def testenv_section(table, options, families):
    repo = options.this_repo
    backends = list(dict.fromkeys(b for family, lines in families if multi_backend(family)
                                  for line in lines for b in line["backends"]))
    set_env = ["UV_FIND_LINKS = {env:UV_FIND_LINKS:{env:PIP_FIND_LINKS:}}"]
    if options.torch_backend:
        set_env.append(f"UV_TORCH_BACKEND = {{env:UV_TORCH_BACKEND:{options.torch_backend}}}")
    if not options.install:
        set_env.append("PYTHONPATH = {tox_root}")
    set_env += ["TF_CPP_MIN_LOG_LEVEL = 2", *(f"{b}: KERAS_BACKEND = {b}" for b in backends)]
    set_env += [f"{family['prefix']}: {key} = {value}" for family, _ in families
                for key, value in family.get("set_env", {}).items()]
    out = ["[testenv]",
           "description =",
           *indent(["selftest: the project's own tests on the Keras stack the name says",
                    "!selftest: the pytest-onehot suite on the layer, on the Keras stack the name says"]
                   if repo else ["the pytest-onehot suite on the layer, on the Keras stack the name says"]),
           *(["package = wheel", "wheel_build_env = .pkg", *CONSTRAINED] if options.install
             else ["skip_install = true"]),
           "pass_env =", *indent(["PIP_FIND_LINKS", "ONEHOT_LAYER", *(["UV_TORCH_BACKEND"] * (not repo))]),
           "set_env =",
           *indent(["# uv looks for wheels (a local torch, say) where PIP_FIND_LINKS or UV_FIND_LINKS point."]),
           *indent(set_env),
           "deps =", *indent(deps_lines(table, options, families))]
    pre = [f"{line_condition(family, line)}: uv pip install --python {{env_python}} --no-deps {req}"
           for family, lines in families for line in lines for req in line.get("no_deps", [])]
    if pre:
        out += ["commands_pre =",
                *indent(["# Installed without its dependencies, beside what deps installed (see the table)."]),
                *indent(pre)]
    return out + commands(options)


# A project's own dependencies (keras>=3, say) must not replace an environment's Keras stack:
# tox installs them constrained to what `deps` installed (tox-uv and pip alike), so a conflict
# fails the install, naming both, instead of testing another Keras under this environment's name.
CONSTRAINED = ["# Your project's dependencies are installed constrained to the stack deps installed: a conflict",
               "# (keras>=3 in a Keras 2 environment) fails the install instead of replacing the stack.",
               "constrain_package_deps = true", "use_frozen_constraints = true"]


def deps_lines(table, options, families):
    out = list(table.get("requires", [])) + list(options.deps)
    if options.plugin:
        out.append(options.plugin)
    if options.this_repo:
        # jsonschema: the reports are validated against the schema files the package ships.
        out += ["selftest: pytest-xdist", "selftest: pytest-randomly", "selftest: jsonschema",
                "# Self-tests: the newest release of each Keras line",
                *self_tests(table)[1]]
    for family, lines in families:
        out.append(f"# {family['about']}" + (f": {family['note']}" if family.get("note") else ""))
        for line in lines:
            condition = line_condition(family, line)
            out += [f"# {condition}: {line['note']}"] if line.get("note") else []
            out += requirement_lines(condition, family, line)
        if any(line.get("no_deps") for line in lines):
            out += ["# uv in the environment itself runs the --no-deps install of commands_pre.",
                    f"{family['prefix']}: uv"]
    listed = {env for family, lines in families for line in lines for env in line_envs(family, line)}
    if any(env.rsplit("-", 1)[0] in listed for env in export_envs(table)):
        out += export_lines(table["export"], options.this_repo, listed)
    return out


def export_lines(spec, this_repo, listed):
    """The exporters of the `export` extras, by factor (the JAX one on JAX, the other elsewhere), and
    the pins of the export lines among the `listed` environments."""
    extras = spec["extras"]
    out = [f"# {spec['about']}: {spec['note']}"]
    for package in dict.fromkeys(extras["export"] + extras["export-jax"]):
        where = {(True, True): "export", (True, False): "export-!jax", (False, True): "export-jax"}[
            (package in extras["export"], package in extras["export-jax"])]
        out.append(f"{where}: {package}")
    out += [f"{line}-export: {req}" for line, reqs in spec.get("line_requires", {}).items() for req in reqs
            if any(env == line or env.startswith(line + "-") for env in listed)]
    if this_repo:
        out += [f"{spec['selftest']}: {package}" for package in extras["export"]]
    return out


def commands(options):
    suite = ["pytest {env_tmp_dir} -p no:cacheprovider --onehot-environment={env_name} \\",
             f"{INDENT}--onehot-layer={{env:ONEHOT_LAYER:{options.layer}}} \\",
             INDENT + "--onehot-compile-cache={env:ONEHOT_COMPILE_CACHE:{env_dir}/onehot-compile-cache} \\",
             INDENT + "--onehot-report={tox_root}/reports/{env_name}.json {posargs}"]
    out = ["# The `pytest` script, not `python -m pytest`: the installed package is tested, not the source tree.",
           "# The suite collects from an empty folder; a layer spec not on sys.path is looked up in tox_root.",
           "# --onehot-environment: before any check, the run stops (exit 4) unless the Keras, backend and pins",
           "# installed are the ones this environment's name says.",
           "# --onehot-compile-cache: on JAX 0.4.31+, a run loads the programs the last run in this environment",
           "# compiled (tox -r starts anew; $ONEHOT_COMPILE_CACHE puts them elsewhere); elsewhere it does nothing.",
           "change_dir = {tox_root}", "commands ="]
    if not options.this_repo:
        if not options.tests:
            return out + indent(suite)
        # Both run even when the suite fails (ignore_errors: the environment still fails then).
        own = f"pytest {{tox_root}}/{options.tests} -p no:cacheprovider"
        return ["ignore_errors = true", *out, *indent(suite), INDENT + own]
    return out + indent(["selftest: pytest {tox_root}/tests -n 2 --dist loadgroup -p no:randomly {posargs}",
                         *(f"!selftest: {line}" for line in suite)])


DIST_SECTION = """\
[testenv:dist]
description = build the sdist and wheel, check them (twine), install the wheel in a fresh venv, \
and run a user's project through `pytest-onehot tox`
skip_install = true
deps =
    build[uv]
    twine
    pytest
    pyyaml
    tox
    tox-uv
    uv
commands = pytest {tox_root}/tests_dist -p no:cacheprovider {posargs}

[testenv:docs]
description = the documentation site (docs/), offline: warnings are errors and every internal reference must \
resolve (-n); then headless Chromium looks at the built pages (tests_docs/)
deps =
    sphinx>=7.2
    myst-parser>=3
    furo
    pytest
# -E: every page is read afresh, so that a warning of a page unchanged since the last build still fails it.
# python -m pytest: the checkout on sys.path, for the browser helpers of tests/test_html.py.
commands =
    sphinx-build -E -W --keep-going -n -b html {tox_root}/docs {tox_root}/docs/_build/html
    python -m pytest {tox_root}/tests_docs -p no:cacheprovider {posargs}

[testenv:lint]
description = ruff on the package, the tests and the benchmarks; mypy on the package (their configuration in \
pyproject.toml)
skip_install = true
# mypy reads the source tree; numpy, pytest and hypothesis for their types (Keras is typed as Any).
deps =
    ruff
    mypy
    numpy
    pytest
    hypothesis
commands =
    ruff check {tox_root} {posargs}
    mypy
"""


def render(table, options):
    labels = chosen_labels(table, options)
    envs = set(flat(labels.values()))
    families = rendered_families(table, envs)
    sections = [header(table, options, families, labels), tox_section(table, options, families, labels),
                testenv_section(table, options, families)]
    text = "\n\n".join("\n".join(section) for section in sections) + "\n"
    return text + ("\n" + DIST_SECTION if options.this_repo else "")
