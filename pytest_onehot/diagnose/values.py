"""Wrong values -> the likely cause: narrow casts, float rounding, shifts and patterns, read from
hot positions and non-zero counts (never a dense `np.eye(depth)`); and `one_hot_finding`, which
asks about the shape first, then the values."""
import numpy as np

from pytest_onehot.diagnose.causes import Cause, Finding
from pytest_onehot.diagnose.shapes import shape_finding


# (lowest, highest) of the integer dtypes a layer may cast indices through, the likeliest
# first: where two explain the same output (300 -> 44 is uint8 and int8), the first is named.
# uint16 is not among them: no depth the catalogue uses reaches past it.
NARROW_DTYPES = {
    "uint8": (0, 255),
    "int16": (-32768, 32767),
    "int8": (-128, 127),
}
SHOWN = 3  # distinct patterns quoted in a message
# Significant bits (the implicit one included): float16 holds every integer up to 2048, bfloat16 up to 256.
FLOAT_BITS = {"float16": 11, "bfloat16": 8}


def wrap(index, dtype):
    lo, hi = NARROW_DTYPES[dtype]
    return (index - lo) % (hi - lo + 1) + lo


def saturate(index, dtype):
    lo, hi = NARROW_DTYPES[dtype]
    return min(max(index, lo), hi)


def round_to_bits(index, bits):
    """`index` rounded to the nearest number with `bits` significant bits, ties to even:
    what a float with that many mantissa bits (implicit one included) holds."""
    if abs(index) < 2 ** bits:
        return index
    shift = abs(index).bit_length() - bits
    step = 1 << shift
    low = (abs(index) >> shift) << shift
    rest = abs(index) - low
    up = rest > step // 2 or (rest == step // 2 and (low >> shift) & 1)
    return int(np.sign(index)) * (low + step if up else low)


def through_float(index, dtype):
    """An integer index as float16 (11 significant bits) or bfloat16 (8) holds it."""
    return round_to_bits(index, FLOAT_BITS[dtype])


def narrow_cast(index, hot, depth, index_dtype=None):
    """Causes that explain one position through an integer cast, or a class range in that dtype.
    The dtype the indices were given as is tried first: 290 -> 34 is uint8 and int8 alike."""
    found = []
    dtypes = sorted(NARROW_DTYPES, key=lambda d: d != index_dtype)
    for dtype in dtypes:
        for how, narrow in (("wraps to", wrap), ("saturates at", saturate)):
            narrowed = narrow(index, dtype)
            said = f"input cast to {dtype}? {index} {how} {narrowed}"
            lit = narrowed in hot or not 0 <= narrowed < depth  # the class it narrows to lights too
            if len(hot) > 1 and lit and all(narrow(c, dtype) == narrowed for c in hot):
                # Where classes are built or compared in the narrow dtype too, every class that
                # narrows to the same value lights up, even for an index that fits.
                alike = f"classes {hot} are all {narrowed} in {dtype}"
                if narrowed == index:
                    found.append(Cause("narrow-class-range", f"classes compared in {dtype}? {alike}"))
                else:
                    found.append(Cause(f"{dtype}-cast", f"{said}, and {alike}"))
            elif narrowed == index:
                continue
            elif hot == [narrowed]:
                found.append(Cause(f"{dtype}-cast", said))
            elif not hot and not 0 <= narrowed < depth:
                found.append(Cause(f"{dtype}-cast", f"{said}, outside 0..{depth - 1}: a zero row"))
    return found


def _float_rounding(index, hot, index_dtype, path):
    """Causes that explain one position through float16 or bfloat16 rounding: of the index alone
    (one wrong class, or none past the depth), or of the classes it is compared with too."""
    found = []
    for dtype in FLOAT_BITS:
        rounded = through_float(index, dtype)
        if rounded == index and len(hot) < 2:
            continue
        if hot in ([rounded], []) and rounded != index:
            said = f"{index} -> {rounded}" + ("" if hot else " (a zero row: outside the depth)")
        elif len(hot) > 1 and all(through_float(c, dtype) == rounded for c in hot):
            said = f"classes {hot} are all {rounded} in {dtype}"
        else:
            continue
        if index_dtype and index_dtype.startswith("float") and path != "compiled":
            found.append(Cause("autocast-rounding", f"float indices autocast to {dtype}? {said}"))
        else:
            where = " in compiled code" if path == "compiled" else ""
            found.append(Cause("compute-dtype-rounding", f"indices cast to {dtype}{where}? {said}"))
    return found


def _rounded_then_narrowed(index, hot, depth, index_dtype):
    """Causes of a narrow cast after float indices were autocast to float16 or bfloat16: the seed's
    Lambda (uint8 cast) under mixed precision gives 2049 class 0, 2049 -> 2048 -> 0."""
    if not (index_dtype or "").startswith("float"):
        return []
    found = []
    for dtype in FLOAT_BITS:
        rounded = through_float(index, dtype)
        if rounded != index:
            found += [Cause(c.id, f"{c.text} ({index} autocast to {dtype} is {rounded})")
                      for c in narrow_cast(rounded, hot, depth, index_dtype)]
    return found


def _explanations(index, hot, depth, index_dtype=None, path=None):
    """Every cause that explains one position: `index` encoded with hot classes `hot`."""
    found = narrow_cast(index, hot, depth, index_dtype) + _float_rounding(index, hot, index_dtype, path)
    found += _rounded_then_narrowed(index, hot, depth, index_dtype)
    if hot in ([index - 1], [index + 1]):
        found.append(Cause("off-by-one", f"indices shifted by one? {index} -> {hot[0]}"))
    return found


def class_list(hot, count):
    """`classes 0, 1, 2, 3, ... (100 in all)`: the first classes lit, and how many there are."""
    shown = ", ".join(map(str, hot))
    return f"classes {shown}" + (f", ... ({count} in all)" if count > len(hot) else "")


def _describe(index, row, hot, count=None):
    if np.isnan(row).any():
        return f"index {index} came back as a row of NaN"
    if not hot:
        return f"index {index} came back as an all-zero row"
    if len(hot) > 1 or (count or 0) > 1:
        return f"index {index} came back hot at {class_list(hot, count or len(hot))}"
    if hot == [index]:
        return f"index {index} came back with value {row[index]:g} instead of 1"
    return f"index {index} came back as class {hot[0]}"


def _common_cause(explained):
    """The cause shared by all bad positions (by id), else, where every position has one, the first
    position's first; none where some position has none. A layer that reversed the length axis
    had one of 24 positions land on the next class by chance, and was told "shifted by one"."""
    ids = [{c.id for c in found} for found in explained]
    shared = set.intersection(*ids) if ids else set()
    for found in explained:
        for cause in found:
            if cause.id in shared:
                return cause
    return explained[0][0] if explained and all(explained) else None


def _pattern_cause(flat_out, flat_idx, bad):
    """Causes that only a whole pattern shows (not one position)."""
    rows = flat_out[bad]
    if np.isnan(rows).any():
        return Cause("nan-rows", "rows of NaN: a gather outside a table's range?")
    if not np.isin(rows, (0, 1)).all():
        return Cause("not-binary", "values other than 0 and 1")
    zero = np.count_nonzero(rows, axis=1) == 0
    if zero.all() and (flat_idx[bad] == 0).all():
        return Cause("zero-is-padding", "index 0 treated as padding? every 0 came back as a zero row")
    return None


def _summarise(descriptions):
    """Each distinct description once, with a count where it repeats."""
    counts = {}
    for text in descriptions:
        counts[text] = counts.get(text, 0) + 1
    said = [text if n == 1 else f"{text} ({n} times)" for text, n in counts.items()]
    more = len(said) - SHOWN
    return "; ".join(said[:SHOWN]) + (f"; and {more} more" if more > 0 else "")


def value_finding(output, indices, depth, index_dtype=None, path=None):
    """None when `output` one-hot encodes `indices` (all in 0..depth-1); else a Finding.

    `index_dtype` (the dtype the indices were given as) and `path` ("eager" or "compiled")
    let float rounding be told apart: autocast of float inputs, or a cast to the compute dtype.
    """
    flat_out = output.reshape(-1, depth).astype(np.float64)
    flat_idx = indices.reshape(-1).astype(np.int64)
    rows = np.arange(len(flat_idx))
    nonzero = np.count_nonzero(flat_out, axis=1)
    good = (nonzero == 1) & (flat_out[rows, flat_idx] == 1)
    if good.all():
        return None
    bad = np.flatnonzero(~good)
    descriptions, explained = [], []
    for pos in bad[:200]:
        lit = np.flatnonzero(np.nan_to_num(flat_out[pos], nan=1.0))
        hot = [int(c) for c in lit[:4]]
        index = int(flat_idx[pos])
        descriptions.append(_describe(index, flat_out[pos], hot, len(lit)))
        explained.append(_explanations(index, hot, depth, index_dtype, path))
    cause = _pattern_cause(flat_out, flat_idx, bad) or _common_cause(explained)
    evidence = f"{len(bad)} of {len(flat_idx)} positions wrong: {_summarise(descriptions)}"
    return Finding(evidence, cause)


def one_hot_finding(output, indices, depth, index_dtype=None, path=None):
    """None when `output` is exactly the one-hot encoding of `indices`; else a Finding."""
    output, indices = np.asarray(output), np.asarray(indices)
    return (shape_finding(output.shape, indices.shape + (depth,))
            or value_finding(output, indices, depth, index_dtype, path))
