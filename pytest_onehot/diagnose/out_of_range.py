"""Out-of-range indices (-1, depth, further out) -> the likely cause, in Keras and in an exported
model."""

from pytest_onehot import exporters
from pytest_onehot.diagnose.causes import Cause
from pytest_onehot.diagnose.values import narrow_cast


def out_of_range_causes(index, hot, depth):
    """Every cause that explains an out-of-range `index` coming back as the classes `hot`."""
    found = []
    if hot == [index + depth]:
        found.append(Cause("negative-wraps", f"negative indices count from the end? {index} gives class {hot[0]}"))
    if hot == [min(max(index, 0), depth - 1)]:
        found.append(Cause("clamped-indices", f"indices clipped into 0..{depth - 1}? {index} gives class {hot[0]}"))
    found += narrow_cast(index, hot, depth)
    if hot == [index % depth]:
        found.append(Cause("modulo-depth", f"indices taken modulo depth? {index} gives class {hot[0]}"))
    return found


def common_out_of_range_cause(seen, depth, valid_right=False):
    """The cause that explains every out-of-range index that came back hot (`seen` maps index ->
    hot classes), else the first index's likeliest one; None when nothing explains them. With
    `valid_right`, in-range indices of the same calls encoded right: nothing is shifted."""
    lit = {index: hot for index, hot in seen.items() if hot}
    if lit and all(hot == [0] for hot in lit.values()) and any(index >= depth for index in lit):
        # depth -> 0 is no clip (that gives depth - 1): every invalid index replaced by 0.
        return Cause("invalid-as-class-0", "invalid indices replaced by 0 and left hot? " +
                     "; ".join(f"{index} gives class 0" for index in lit))
    shifts = {hot[0] - index for index, hot in seen.items() if len(hot) == 1}
    if (not valid_right and len(shifts) == 1 and shifts <= {-1, 1}
            and all(len(hot) == 1 for hot in seen.values() if hot)):
        # One shift for all (300 -> 299 alone): an off-by-one, not a clip, which moves -1 and
        # depth in opposite directions.
        index = next(index for index, hot in seen.items() if hot)
        return Cause("off-by-one", f"indices shifted by one? {index} gives class {seen[index][0]}")
    explained = [out_of_range_causes(index, hot, depth) for index, hot in seen.items() if hot]
    ids = [[c.id for c in found] for found in explained]
    for cause_id in (ids[0] if ids else []):
        if all(cause_id in others for others in ids):
            texts = [next(c.text for c in found if c.id == cause_id) for found in explained]
            return Cause(cause_id, _joined(texts))
    return next((found[0] for found in explained if found), None)


def _joined(texts):
    """Texts of one cause, its question asked once: "clipped? -1 gives class 0; 300 gives class 299"."""
    by_question = {}
    for text in dict.fromkeys(texts):
        question, mark, evidence = text.partition("? ")
        by_question.setdefault(question + mark if mark else "", []).append(evidence if mark else text)
    return "; ".join(question + "; ".join(evidence) for question, evidence in by_question.items())


def export_out_of_range_cause(fmt, index, hot, depth, like_keras, valid_right=False):
    """Why an exported model gives out-of-range `index` the classes `hot`: the layer's own cause
    where Keras gives the same (`like_keras`: {index: hot} of every such index; `valid_right`: its
    in-range indices encoded right), the format's own negative indices (a fact its exporter
    declares: ONNX's), or None."""
    if index in like_keras:
        return common_out_of_range_cause(like_keras, depth, valid_right)
    exporter = exporters.EXPORTERS[fmt]
    if exporter.negative_index_cause and index < 0 and hot == [index + depth]:
        return Cause(exporter.negative_index_cause,
                     f"exported to {exporter.name}, {index} gives class {hot[0]} where Keras does not")
    return None
