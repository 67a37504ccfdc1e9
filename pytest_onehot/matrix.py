"""Reports across environments: the compatibility table, diffs and the baseline gate.

Reads the JSON reports that `--onehot-report` writes; NumPy and Keras are never imported.
The console command (`pytest-onehot matrix|diff ...`) is in cli.py.
"""
import glob
import json
import os
import re
import sys

from pytest_onehot.report import READABLE_SCHEMAS

GLYPHS = {"passed": "✔", "failed": "✘", "error": "E", "skipped": "·", "xfailed": "x", "xpassed": "X"}
PASSING = ("passed", "xpassed")


class ReportError(Exception):
    """A report that cannot be read; the message is one line."""


def line_key(doc):
    """The Keras line and backend a report comes from, named as the tox environments are
    (keras3.15-jax, tf2.15, tfkeras-tf2.21); derived for version-1 reports, which lack it."""
    env = doc["environment"]
    if env.get("key"):
        return env["key"]

    def minor(version):
        return ".".join(str(version).split(".")[:2])

    if str(env.get("keras", "")).startswith("3"):
        return f"keras{minor(env['keras'])}-{env.get('backend')}"
    tf_minor = minor(env.get("tensorflow") or env.get("keras"))
    return f"tfkeras-tf{tf_minor}" if env.get("keras_package") == "tf_keras" else f"tf{tf_minor}"


def env_key(doc):
    """The name of the environment a report comes from: its tox env, else its Keras line."""
    return doc["environment"].get("tox_env") or line_key(doc)


def find_baseline(baselines, doc):
    """The baseline report for the environment `doc` comes from: the same tox environment, else
    the same Keras line and backend (a run outside tox, or a Keras patch upgrade); None."""
    tox_env = doc["environment"].get("tox_env")
    if tox_env:
        same = [old for old in baselines.values() if old["environment"].get("tox_env") == tox_env]
        if same:
            return same[0]
    return next((old for old in baselines.values() if line_key(old) == line_key(doc)), None)


def layer_of(doc):
    """The factory a report tested (version 1 names only the spec)."""
    return doc.get("factory") or doc.get("layer")


def load_report(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as exc:
        raise ReportError(f"{path}: cannot read ({exc.strerror})") from None
    except ValueError as exc:
        raise ReportError(f"{path}: not JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("schema_version") not in READABLE_SCHEMAS:
        versions = " or ".join(map(str, READABLE_SCHEMAS))
        raise ReportError(f"{path}: not a pytest-onehot report of schema version {versions}")
    return doc


def load_reports(paths):
    """Reports from files and folders (every *.json inside), keyed by environment."""
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
    return {env_key(doc): doc for doc in map(load_report, files)}


def outcomes(doc):
    return {check["id"]: check for check in doc["checks"]}


def last_line(text):
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def natural(name):
    """Sort key that puts keras3.2 before keras3.10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def render_matrix(docs):
    """Markdown: checks as rows, environments as columns, footnotes with each failure's diagnosis."""
    envs = sorted(docs, key=natural)
    per_env = {env: outcomes(docs[env]) for env in envs}
    check_ids = list(dict.fromkeys(c for env in envs for c in per_env[env]))
    notes, rows = [], []
    for check_id in check_ids:
        cells = []
        for env in envs:
            entry = per_env[env].get(check_id)
            if entry is None:
                cells.append("")
                continue
            cell = GLYPHS.get(entry["outcome"], "?")
            if entry["outcome"] in ("failed", "error", "xpassed"):
                notes.append(f"{env} / `{check_id}`: {last_line(entry['message'])}")
                cell += f"[{len(notes)}]"
            cells.append(cell)
        rows.append(f"| `{check_id}` | " + " | ".join(cells) + " |")
    summary = []
    for env in envs:
        counted = [e["outcome"] for e in per_env[env].values() if e["outcome"] != "skipped"]
        summary.append(f"{counted.count('passed')}/{len(counted)}")
    layers = sorted({docs[env]["layer"] for env in envs})
    out = [f"Layer: {', '.join(f'`{layer}`' for layer in layers)}", "",
           "| check | " + " | ".join(envs) + " |", "|---" * (len(envs) + 1) + "|", *rows,
           "| **passed / run** | " + " | ".join(summary) + " |", "",
           "Legend: " + ", ".join(f"{glyph} {name}" for name, glyph in GLYPHS.items()) + "."]
    if notes:
        out += ["", *[f"{i}. {note}" for i, note in enumerate(notes, 1)]]
    return "\n".join(out) + "\n"


def compare(old, new):
    """(regressions, improvements): checks that passed in `old` and not in `new`, and back."""
    before, after = outcomes(old), outcomes(new)
    regressions, improvements = [], []
    for check_id, entry in after.items():
        was = before.get(check_id, {}).get("outcome")
        if was in PASSING and entry["outcome"] not in PASSING:
            regressions.append((check_id, was, entry["outcome"], last_line(entry["message"])))
        elif was is not None and was not in PASSING and entry["outcome"] in PASSING:
            improvements.append((check_id, was, entry["outcome"], ""))
    return regressions, improvements


def compare_all(old_docs, new_docs):
    """Per environment present in both: [(env, regressions, improvements)]."""
    return [(env, *compare(old_docs[env], new_docs[env])) for env in sorted(new_docs, key=natural)
            if env in old_docs]


def describe(results):
    lines = []
    for env, regressions, improvements in results:
        for check_id, was, now, why in regressions:
            lines.append(f"REGRESSION {env} {check_id}: {was} -> {now}" + (f": {why}" if why else ""))
        for check_id, was, now, _ in improvements:
            lines.append(f"improvement {env} {check_id}: {was} -> {now}")
    return lines


def main(argv=None):
    """The console command, kept here for callers of the old entry point: see cli.py."""
    from pytest_onehot.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
