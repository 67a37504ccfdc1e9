"""memory-growth's confirmation: measured in a fresh process where the factory can be imported there."""
from pytest_onehot import memory
from pytest_onehot.spec import Factory
from tests import corpus


def test_a_table_is_measured_again_in_a_fresh_process(env):
    if env.keras3:  # a constant table: held bytes, exact
        assert memory.measure_elsewhere(corpus.factory("identity_constant"), "held", 2048) == 2048 * 2048 * 4
    else:  # a table built in call: the peak while calling it, at least most of the table
        assert memory.measure_elsewhere(corpus.factory("lookup_identity"), "peak", 4096) >= 0.75 * 4096 * 4096 * 4


def test_a_factory_no_other_process_can_import_is_measured_here():
    def local(input_dim, input_length=None):  # defined in a test: not importable by its spec
        return corpus.factory("reference").make(input_dim, input_length)

    assert memory.measure_elsewhere(Factory(local), "held", 512) is None


def test_a_table_is_told_from_an_encoding_at_any_ratio_of_depths():
    # A confirmation measures 1.5x-10x past the probe's depth, as far as the machine affords: a
    # table seen at 4096 and 6144 (2.25x the bytes) was once taken for an encoding (the line was
    # drawn for a doubling only) and the layer passed.
    mb = 2 ** 20
    for depth, ratio in ((6144, 1.5), (8192, 2), (40960, 10)):
        table = memory.Growth("peak", (4096, 200 * mb), (depth, 200 * mb * ratio ** 2))
        encoding = memory.Growth("peak", (4096, 200 * mb), (depth, 200 * mb * ratio))
        assert table.quadratic and not encoding.quadratic, depth


def test_a_table_seen_by_the_probe_is_remembered_for_releasing_memory(env):
    """The memory a check leaves is given back after each check on a layer whose probe saw a table
    (identity_constant's is held, so it is seen whatever ran before); never on the reference, for
    which recompiling would only cost time. (Whether a table built in call is seen can depend on
    what the process ran before: TensorFlow's allocator may serve it from pooled memory.)"""
    held = [("identity_constant", True)] if env.keras3 else []  # Keras 2's table layer builds it in call
    for name, seen in (*held, ("reference", False)):
        factory = corpus.factory(name)
        memory.profile(factory, env)
        assert memory.table_seen(factory) is seen, name
