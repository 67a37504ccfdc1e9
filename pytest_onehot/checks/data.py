"""Index arrays the checks feed; small, fixed and reproducible."""
import numpy as np

# The seed blog post's example: depth 100, two sequences of length 5.
SEED_X = np.array([[5, 2, 4, 25, 17], [15, 54, 13, 2, 98]])
SEED_DEPTH = 100
BATCH, LENGTH = 4, 6
# The depth of the checks whose meaning asks for no particular depth (models, weights, serialization, the
# output dtype, global state): one depth and one shape, so that JAX compiles their eager calls' ops once for them all.
SMALL_DEPTH = 50

# The largest index each index dtype holds exactly (float32 holds every integer up to 2**24).
INDEX_MAX = {"int32": 2**31 - 1, "int64": 2**31 - 1, "float32": 2**24, "float64": 2**31 - 1,
             "uint8": 255, "int8": 127, "int16": 32767}


def random_indices(depth, shape=(BATCH, LENGTH), seed=0):
    """Random indices over the full range 0..depth-1, with the last class always present."""
    x = np.random.default_rng(seed).integers(0, depth, size=shape)
    x.flat[0] = depth - 1
    return x


def held_indices(top, shape=(BATCH, LENGTH), seed=0):
    """Random indices over 0..top (what an index dtype holds), with top, 0 and 5 present: where
    classes wrap in a narrow dtype, 5 aliases 261 (uint8, int8) and lights two classes."""
    x = np.random.default_rng(seed).integers(0, top + 1, size=shape)
    x.flat[:3] = top, 0, min(5, top)
    return x
