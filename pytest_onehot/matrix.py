"""Reports across environments: the compatibility table, diffs and what the baseline gate compares.

Reads the JSON reports that `--onehot-report` writes, as records (records.Report.from_json, the one
reader); NumPy and Keras are never imported.
The console command (`pytest-onehot matrix|diff ...`) is in cli.py.
"""
import glob
import json
import os
import re

from pytest_onehot.records import READABLE_SCHEMAS, CheckResult, Report

GLYPHS = {"passed": "✔", "failed": "✘", "error": "E", "skipped": "·", "xfailed": "x", "xpassed": "X"}
PASSING = ("passed", "xpassed")
NOTED = ("failed", "error", "xpassed")  # outcomes whose message the table shows


class ReportError(Exception):
    """A report that cannot be read; the message is one line."""


def line_key(doc: Report) -> str:
    """The Keras line and backend a report comes from, named as the tox environments are
    (keras3.15-jax, tf2.15, tfkeras-tf2.21); derived for version-1 reports, which lack it."""
    return doc.environment.get("key") or versions_key(doc)


def versions_key(doc: Report) -> str:
    """The Keras line and backend the report's versions say (no `-export`: the key adds that)."""
    from pytest_onehot.versions import environment_key

    env = doc.environment
    return environment_key(env.get("keras") or "", env.get("backend"), env.get("keras_package") or "keras",
                           env.get("tensorflow"))


def env_key(doc: Report) -> str:
    """The name of the environment a report comes from: its tox env, else its Keras line."""
    return doc.environment.get("tox_env") or line_key(doc)


def find_baseline(baselines: dict[str, Report], doc: Report) -> Report | None:
    """The baseline report for the environment `doc` comes from: the same tox environment, else
    the same Keras line and backend (a run outside tox, or a Keras patch upgrade); None."""
    tox_env = doc.environment.get("tox_env")
    if tox_env:
        same = [old for old in baselines.values() if old.environment.get("tox_env") == tox_env]
        if same:
            return same[0]
    return next((old for old in baselines.values() if line_key(old) == line_key(doc)), None)


def layer_of(doc: Report) -> str:
    """The factory a report tested (version 1 names only the spec)."""
    return doc.factory or doc.layer


def load_report(path: str) -> Report:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as exc:
        raise ReportError(f"{path}: cannot read ({exc.strerror})") from None
    except ValueError as exc:
        raise ReportError(f"{path}: not JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("schema_version") not in READABLE_SCHEMAS:
        *older, last = map(str, READABLE_SCHEMAS)
        versions = f"{', '.join(older)} or {last}" if older else last
        raise ReportError(f"{path}: not a pytest-onehot report of schema version {versions}")
    try:
        return Report.from_json(doc)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ReportError(f"{path}: a pytest-onehot report with a field missing or of the wrong type "
                          f"({exc!r})") from None


def report_files(paths):
    """{environment: path} of the reports `load_reports(paths)` reads."""
    return {env_key(load_report(path)): path for path in expand(paths)}


def expand(paths):
    """The report files of files and folders (every *.json inside)."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(glob.glob(os.path.join(path, "*.json")))
            if not found:
                raise ReportError(f"{path}: a folder with no *.json reports")
            files.extend(found)
        else:
            files.append(path)
    if not files:
        raise ReportError("no reports given")
    return files


def load_reports(paths: list[str]) -> dict[str, Report]:
    """Reports from files and folders (every *.json inside), keyed by environment: reports of one
    layer, one per environment, each of the Keras its environment names (else a ReportError)."""
    files = expand(paths)
    docs: dict[str, Report] = {}
    where: dict[str, str] = {}
    for path in files:
        doc = load_report(path)
        env = env_key(doc)
        if env in docs:
            raise ReportError(f"{where[env]} and {path} are both reports of environment {env}: give one of them")
        check_environment(path, doc)
        docs[env], where[env] = doc, path
    check_one_layer(docs, where)
    return docs


def check_environment(path, doc):
    """A report whose environment name says another Keras than it tested is refused: its column
    would show a verdict for a Keras that was never run there."""
    from pytest_onehot.toxgen import key_error, load_table

    key = line_key(doc)
    if key.removesuffix("-export") != versions_key(doc):
        raise ReportError(f"{path}: its key says {key}, but the versions it records are of "
                          f"{versions_key(doc)} (edited by hand?): leave the report out or rerun it")
    name = doc.environment.get("tox_env")
    error = name and key_error(load_table(), name, key)
    if error:
        raise ReportError(f"{path}: {error} (its stack was replaced: rerun it with a configuration from "
                          "pytest-onehot tox, or leave the report out)")


def check_one_layer(docs, where):
    """One table, one layer: reports of two layers in one set would share columns unsaid."""
    by_layer = {}
    for env, doc in docs.items():
        by_layer.setdefault(doc.layer, []).append(where[env])
    if len(by_layer) > 1:
        named = "; ".join(f"{layer} ({len(paths)} reports, e.g. {paths[0]})" for layer, paths in by_layer.items())
        raise ReportError(f"reports of {len(by_layer)} layers: {named}: give one layer's reports "
                          "(a folder of them) at a time")


def outcomes(doc: Report) -> dict[str, CheckResult]:
    return {check.id: check for check in doc.checks}


def last_line(text):
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def natural(name):
    """Sort key that puts keras3.2 before keras3.10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def grid(docs):
    """(environments in natural order, {env: {check id: entry}}, check ids in first-seen order)."""
    envs = sorted(docs, key=natural)
    per_env = {env: outcomes(docs[env]) for env in envs}
    return envs, per_env, list(dict.fromkeys(c for env in envs for c in per_env[env]))


def passed_run(doc):
    """'passed/run' for one report: skipped checks did not run."""
    counted = [e.outcome for e in doc.checks if e.outcome != "skipped"]
    return f"{counted.count('passed')}/{len(counted)}"


def layers(docs):
    return sorted({doc.layer for doc in docs.values()})


def shown(value):
    """An observation as one line: a string as is, {case: what} as 'case: what; ...'."""
    if isinstance(value, dict):
        return "; ".join(f"{case}: {shown(what)}" for case, what in value.items())
    return " ".join(str(value).split())


def observation_groups(docs, envs):
    """{observation: {what was seen: [envs]}}: environments grouped by what they observed."""
    groups = {}
    for env in envs:
        for key, value in docs[env].observations.items():
            groups.setdefault(key, {}).setdefault(shown(value), []).append(env)
    return groups


def causes(docs: dict[str, Report]) -> dict[str, str]:
    """{cause id: summary} over all reports (schema version 2 on; the first summary of an id wins)."""
    found: dict[str, str] = {}
    for doc in docs.values():
        for cause_id, summary in doc.causes.items():
            found.setdefault(cause_id, summary)
    return found


def md(text):
    """Report text for Markdown: a renderer would take "<class ...>" for an HTML tag and hide it."""
    return text.replace("<", "&lt;")


def env_list(names, envs):
    return f"all {len(envs)} environments" if len(names) == len(envs) > 1 else ", ".join(names)


def note_key(check_id, entry):
    """What makes two failures one footnote: the check, its diagnosis line and its cause."""
    return check_id, last_line(entry.message), entry.cause_id


def failure_notes(envs, per_env, check_ids):
    """{(check id, diagnosis, cause): [envs]} for the outcomes whose message the table shows."""
    notes = {}
    for check_id in check_ids:
        for env in envs:
            entry = per_env[env].get(check_id)
            if entry is not None and entry.outcome in NOTED:
                notes.setdefault(note_key(check_id, entry), []).append(env)
    return notes


def render_matrix(docs):
    """Markdown: checks as rows, environments as columns, footnotes with each failure's diagnosis
    and cause (one footnote for the same failure in several environments), then observations."""
    envs, per_env, check_ids = grid(docs)
    notes = failure_notes(envs, per_env, check_ids)
    number = {key: i for i, key in enumerate(notes, 1)}
    rows = []
    for check_id in check_ids:
        cells = []
        for env in envs:
            entry = per_env[env].get(check_id)
            cell = "" if entry is None else GLYPHS.get(entry.outcome, "?")
            if entry is not None and entry.outcome in NOTED:
                cell += f"[{number[note_key(check_id, entry)]}]"
            cells.append(cell)
        rows.append(f"| `{check_id}` | " + " | ".join(cells) + " |")
    out = [f"Layer: {', '.join(f'`{layer}`' for layer in layers(docs))}", "",
           "| check | " + " | ".join(envs) + " |", "|---" * (len(envs) + 1) + "|", *rows,
           "| **passed / run** | " + " | ".join(passed_run(docs[env]) for env in envs) + " |", "",
           "Legend: " + ", ".join(f"{glyph} {name}" for name, glyph in GLYPHS.items()) + "."]
    if notes:
        out.append("")
        for i, ((check_id, why, cause), names) in enumerate(notes.items(), 1):
            out.append(f"{i}. {env_list(names, envs)} / `{check_id}`"
                       + (f" (cause `{cause}`)" if cause else "") + f": {md(why)}")
    known = causes(docs)
    if known:
        out += ["", "Causes:", "", *[f"- `{cause_id}`: {md(summary)}" for cause_id, summary in known.items()]]
    groups = observation_groups(docs, envs)
    if groups:
        out += ["", "Observations (what the layer did; not verdicts):", ""]
        for key, seen in groups.items():
            out += [f"- {md(key)}:", *[f"  - {env_list(names, envs)}: {md(what)}" for what, names in seen.items()]]
    return "\n".join(out) + "\n"


def compare(old: Report, new: Report) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
    """(regressions, improvements): checks that passed in `old` and not in `new`, and back."""
    before, after = outcomes(old), outcomes(new)
    regressions, improvements = [], []
    for check_id, entry in after.items():
        was = outcome_of(before.get(check_id))
        if was in PASSING and entry.outcome not in PASSING:
            regressions.append((check_id, was, entry.outcome, last_line(entry.message)))
        elif was is not None and was not in PASSING and entry.outcome in PASSING:
            improvements.append((check_id, was, entry.outcome, ""))
    return regressions, improvements


def changes(old, new):
    """What changed without being a regression: [(kind, name, was, now)] for an observation that
    differs (one absent from `new` is not compared: a -k run observes less) and for the cause of a
    check that fails in both (when both reports name causes: schema version 2)."""
    found = []
    seen_before = old.observations
    for key, now in new.observations.items():
        if seen_before.get(key) != now:
            found.append(("observation", key, as_json(seen_before.get(key)), as_json(now)))
    before = outcomes(old)
    if not (old.names_causes and new.names_causes):
        return found
    for check_id, entry in outcomes(new).items():
        was = before.get(check_id)
        # By id: a cause's text carries each run's own numbers.
        if was is not None and failing(was) and failing(entry) and was.cause_id != entry.cause_id:
            found.append(("cause", check_id, was.cause_id or "(none)", entry.cause_id or "(none)"))
    return found


def outcome_of(entry: CheckResult | None) -> str | None:
    return entry.outcome if entry is not None else None


def failing(entry: CheckResult) -> bool:
    return entry.outcome not in ("skipped", *PASSING)


def as_json(value):
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False)


def compare_all(old_docs, new_docs):
    """Per environment present in both: [(env, regressions, improvements, changes)]."""
    return [(env, *compare(old_docs[env], new_docs[env]), changes(old_docs[env], new_docs[env]))
            for env in sorted(new_docs, key=natural) if env in old_docs]


def describe(results):
    """Lines for [(env, regressions, improvements[, changes])]."""
    lines = []
    for env, regressions, improvements, *changed in results:
        for check_id, was, now, why in regressions:
            lines.append(f"REGRESSION {env} {check_id}: {was} -> {now}" + (f": {why}" if why else ""))
        for check_id, was, now, _ in improvements:
            lines.append(f"improvement {env} {check_id}: {was} -> {now}")
        for kind, name, was, now in (changed[0] if changed else ()):
            lines.append(f"{kind} {env} {name}: {was} -> {now}")
    return lines
