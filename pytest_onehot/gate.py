"""The baseline gate: this run's outcomes against the baseline report of its environment."""
from pytest_onehot.matrix import compare, describe, env_key, find_baseline, layer_of
from pytest_onehot.report import report_of


def baseline_gate(state, outcomes):
    """(lines to show, whether the session fails) against the baseline for this environment."""
    current = report_of(state, outcomes)
    env = env_key(current)
    old = find_baseline(state.baseline, current)
    if old is None:
        have = ", ".join(sorted(state.baseline))
        fix = "" if state.baseline_strict else " (--onehot-baseline-strict=yes makes this a failure)"
        return [f"no baseline report for environment {env} (have: {have}){fix}"], state.baseline_strict
    if layer_of(old) != layer_of(current):
        return [f"baseline refused: it is a report of layer {layer_of(old)}, this run tested {layer_of(current)}: "
                "make a baseline of this layer, or point --onehot-baseline at one"], True
    # Only the checks that ran now are compared: -k and --lf runs gate what they ran.
    regressions, improvements = compare(old, current)
    return describe([(env, regressions, improvements)]), bool(regressions)
