"""Index arrays the checks feed; small, fixed and reproducible."""
import numpy as np

# The seed blog post's example: depth 100, two sequences of length 5.
SEED_X = np.array([[5, 2, 4, 25, 17], [15, 54, 13, 2, 98]])
SEED_DEPTH = 100
BATCH, LENGTH = 4, 6


def random_indices(depth, shape=(BATCH, LENGTH), seed=0):
    """Random indices over the full range 0..depth-1, with the last class always present."""
    x = np.random.default_rng(seed).integers(0, depth, size=shape)
    x.flat[0] = depth - 1
    return x
