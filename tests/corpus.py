"""Which check must fail on which corpus layer, which cause each layer must be told, and where.

`MUST_FAIL` maps a check id to (layer module, where) pairs; `CAUSED_BY` maps a cause id (a key of
diagnose.CAUSES) to the layers that must receive it, on some check they fail. `where` is a
predicate on the KerasEnv: backends and Keras versions as users write them in --onehot-xfail
(`when("torch@keras>=3")`), a Keras behaviour of some releases by its name in compat.json's
`keras_facts` (`fact("clone-refuses-lambda")`, its releases written there once), what this
environment can do (train, jit, export) as a function. Some bugs only show on some backends or
Keras versions (JAX
compares classes in the index dtype, so a uint8 index lights two classes there; torch runs
eagerly, so an untraceable layer works there), and since the Keras 3 layers (written with
`keras.ops`) and the Keras 2 ones (written with `tf.keras`) import only on their own line.

Layers marked "written blind" in their docstring were written by someone who described a bug in
a user's words and never saw this suite; the others derive from tests/layers/base.py.
"""
import importlib

from pytest_onehot import expectations, facts
from pytest_onehot.spec import Factory


def everywhere(env):
    return True


def when(text):
    """A predicate from conditions as users write them in --onehot-xfail: 'torch@keras>=3' holds on
    Keras 3 on torch."""
    conditions = expectations.conditions(text, "tests/corpus.py")

    def holds(env):
        return all(c.holds(env.backend, env.version) for c in conditions)
    holds.__name__ = text
    return holds


def fact(name):
    """Where a Keras behaviour of compat.json's `keras_facts` holds (written there once)."""
    def holds(env):
        return facts.holds(name, env.backend, env.version)
    holds.__name__ = name
    return holds


def unless(predicate):
    def holds(env):
        return not predicate(env)
    holds.__name__ = f"not_{predicate.__name__}"
    return holds


def both(*predicates):
    def holds(env):
        return all(p(env) for p in predicates)
    holds.__name__ = "_and_".join(p.__name__ for p in predicates)
    return holds


def not_jax(env):
    return env.backend != "jax"


def trains(env):
    return env.can_fit()


def jit(env):
    return env.can_jit()


def traced(env):
    """Where models run as graphs: torch runs eagerly and the NumPy backend cannot train or jit."""
    return env.backend in ("tensorflow", "jax")


def exports(fmt, backends=("tensorflow", "jax", "torch")):
    """Where `fmt` export runs here (this Keras and backend can, the exporters are installed)."""
    def where(env):
        from pytest_onehot.exporters import missing

        how, needs = env.export_plan(fmt)
        return env.backend in backends and how is not None and missing(needs, env.backend) is None

    return where


def keras3_exports(fmt):
    """Keras 3 on TensorFlow, where `fmt` export runs here."""
    return both(keras3, exports(fmt, ("tensorflow",)))


def jax2onnx(env):
    # Keras 3.14+ exports ONNX on JAX through jax2onnx.
    return exports("onnx", ("jax",))(env) and "jax2onnx" in env.export_plan("onnx")[1]


def symbolic_lambdas(env):
    """Where a Lambda without output_shape can be called symbolically: Keras 3's NumPy backend infers
    its output shape by calling it on uninitialized memory (arbitrary values in a check), where
    ops.one_hot raises."""
    return env.backend != "numpy"


keras3 = when("keras>=3")
keras2 = when("keras<3")
keras3_jax = when("jax@keras>=3")
keras3_tf = when("tensorflow@keras>=3")
keras3_torch = when("torch@keras>=3")
keras3_numpy = when("numpy@keras>=3")
# Keras 3, and tf.keras from 2.13 on, refuse a Lambda's Python bytecode in safe mode.
safe_mode_lambda = when("keras>=2.13")
keras2_safe_mode = when("keras>=2.13@keras<3")
keras3_traced = both(keras3, traced)
clone_refuses_lambda = fact("clone-refuses-lambda")
clone_loses_names = fact("clone-loses-names")
compiled_category_encoding_rounds = fact("category-encoding-rounds-compiled")
category_encoding_squeezes = fact("category-encoding-squeezes")
numpy_one_hot_squeezes = fact("numpy-one-hot-squeezes")
lambda_output_shape_as_list = fact("lambda-output-shape-as-list")
# NumPy compares a uint8 array with 400 exactly; TensorFlow, JAX and torch cast 400 to uint8 first.
narrow_compare_wraps = both(keras3, unless(keras3_numpy))
# Keras 2 and 3.9+: load_model cannot find an unregistered class (3.0-3.8 import it from its module).
refuses_unregistered = unless(fact("loads-unregistered-class"))

# Layers that change global state another way than the seeding calls global_state wraps.
STATE_CHANGERS = [
    ("init_seeds_numpy_state", keras3), ("python_random_setstate", keras3), ("unsafe_deserialization", keras3),
    ("sets_epsilon", keras3), ("sets_image_data_format", keras3),
    ("global_generator_in_build", keras3_tf), ("tf_v1_seed", keras3_tf), ("tf_run_eagerly_debug", keras3_tf),
    ("jax_x64_at_import", keras3_jax),
    ("torch_manual_seed_alias", keras3_torch), ("torch_grad_disabled", keras3_torch),
    ("torch_default_dtype", keras3_torch),
]
RESEEDERS = {"init_seeds_numpy_state", "python_random_setstate", "global_generator_in_build", "tf_v1_seed",
             "torch_manual_seed_alias"}

# Correct layers: every check passes or skips on them.
CORRECT = {
    "reference": everywhere,
    "correct_equal": everywhere,
    "correct_int64": everywhere,
    "correct_factory_function": everywhere,
    "correct_cast_one_hot": keras2,      # written blind
    "correct_equal_range": keras2,       # written blind
    # written blind; Keras 3.0-3.3's NumPy one_hot drops (batch, 1) ids' axis and the layer's
    # (batch, 1, 1) mask broadcasts over it: (4, 1) ids give (4, 4, depth) there (values-property).
    "correct_masked_one_hot": both(keras3, unless(numpy_one_hot_squeezes)),
    "correct_compare_arange": keras3,    # written blind
    # Written blind: masks padding id 0 as Embedding(mask_zero=True) does, so it trains like that one.
    # ops.one_hot plain: -1 is the last class in ONNX (a true failure of export-onnx).
    "masks_padding": both(keras3, unless(numpy_one_hot_squeezes), unless(exports("onnx"))),
    # A table up to depth 4096 only: memory-growth confirms before it condemns.
    "correct_small_table": keras3,
    "correct_small_table_k2": keras2,
}

MUST_FAIL = {
    "memory-growth": [("identity_take", keras3), ("identity_constant", keras3), ("numpy_eye_lookup", keras3),
                      ("lookup_identity", keras2), ("torch_eye_index", when("torch"))],
    "values-seed": [("off_by_one", everywhere)],
    "values-random": [("uint8_cast", everywhere), ("int8_ids", keras3), ("label_smoothing", keras3)],
    "values-every-class": [("uint8_cast", everywhere), ("off_by_one", everywhere), ("padding_zero", keras3)],
    "narrow-uint8-int": [("uint8_cast", everywhere)],
    "narrow-uint8-float": [("uint8_cast", everywhere)],
    "narrow-int16-int": [("int16_cast", not_jax), ("int16_save_memory", keras2)],
    "narrow-int16-float": [("int16_cast", everywhere), ("int16_save_memory", keras2)],
    "values-property": [("uint8_cast", everywhere), ("off_by_one", everywhere), ("squeeze_output", keras3),
                        ("arange_same_dtype", keras3)],
    "input-dtype-int32": [("off_by_one", everywhere), ("padding_zero", keras3)],
    "input-dtype-int64": [("off_by_one", everywhere)],
    "input-dtype-float32": [("no_cast", keras2), ("tf_one_hot_direct", keras2), ("off_by_one", everywhere)],
    "input-dtype-float64": [("no_cast", keras2), ("off_by_one", everywhere)],
    "input-dtype-uint8": [("arange_same_dtype", keras3), ("ops_one_hot_plain", keras3_jax),
                          ("lookup_identity", keras2), ("off_by_one", everywhere),
                          # ids >= depth in uint8 (400 wraps to 144): it raises on valid ids (written blind).
                          ("validates_ids", narrow_compare_wraps)],
    "input-dtype-int8": [("arange_same_dtype", keras3), ("off_by_one", everywhere)],
    "input-dtype-int16": [("tf_one_hot_direct", keras2), ("off_by_one", everywhere)],
    "output-dtype": [("float64_output", not_jax)],
    "floatx": [("floatx_cast_compare", keras3), ("ignores_policy", everywhere)],
    "mixed-precision-dtype": [("ignores_policy", everywhere), ("float64_output", everywhere),
                              ("compute_dtype_compare", keras3), ("cast_to_compute_dtype", keras2),
                              ("category_encoding", compiled_category_encoding_rounds)],
    "mixed-precision-float-indices": [("autocast_on", everywhere), ("cast_then_one_hot", keras3),
                                      ("arange_int32_compare", keras3), ("overflow_column_factory", keras3),
                                      ("k_one_hot_lambda", keras2)],
    "shape-compute-output-shape": [("bad_output_shape", everywhere), ("length_in_shape", keras3),
                                   ("axis_argument", keras3), ("squeeze_length_one_spec", keras3),
                                   ("spec_declares_input_dtype", keras3),
                                   ("category_encoding", category_encoding_squeezes),
                                   ("ops_one_hot_plain", numpy_one_hot_squeezes)],
    "shape-symbolic": [("needs_input_length", everywhere), ("axis_argument", keras3),
                       ("lambda_one_hot_no_shape", keras3_numpy)],
    "shape-batch-one": [("squeezes", everywhere), ("squeeze_output", keras3), ("expand_then_encode", keras3),
                        ("oov_column", keras3), ("ops_one_hot_plain", numpy_one_hot_squeezes)],
    "sequential-input": [("off_by_one", everywhere)],
    "sequential-seed": [("off_by_one", everywhere), ("tf_one_hot_direct", keras2),
                        ("validates_ids", both(keras3, unless(keras3_torch)))],
    # A tensor made in build(), inside the first train step's trace (torch: a meta tensor of shape
    # inference): a later step or predict cannot use it, or gets garbage (written blind).
    "sequential-seed-fit": [("off_by_one", trains), ("build_cache", both(keras3, trains))],
    "functional": [("off_by_one", everywhere), ("numpy_eye_lookup", keras3_traced)],
    "functional-shared": [("caches_first_call", everywhere)],
    "nested-model": [("off_by_one", everywhere)],
    "fit": [("nan_gradient", trains), ("axis_argument", both(keras3, trains))],
    "weights-none-trainable": [("trainable_weight", everywhere), ("nan_gradient", everywhere)],
    "weights-unchanged-by-fit": [("nan_gradient", trains)],
    "embedding-forward": [("off_by_one", everywhere), ("padding_zero", keras3)],
    "embedding-time-distributed": [("off_by_one", everywhere), ("bad_output_shape", keras3)],
    "embedding-gradients": [("off_by_one", trains), ("nan_gradient", trains)],
    # (Lambdas: the round trip builds no symbolic model, so it fails alike on every backend; Keras
    # 3's NumPy backend infers a Lambda's output shape from uninitialized memory, by chance.)
    "config-roundtrip": [("incomplete_config", everywhere), ("python_lambda", keras3), ("nested_function", keras3),
                         ("init_without_kwargs", keras3), ("lambda_ops", keras3),
                         ("unregistered_partial_config", keras3), ("unregistered_partial_config_k2", keras2)],
    "save-keras": [("incomplete_config", everywhere), ("unregistered", refuses_unregistered),
                   ("python_lambda", safe_mode_lambda), ("nested_function", safe_mode_lambda),
                   ("lambda_ops", keras3), ("unregistered_partial_config", keras3),
                   ("unregistered_layer", keras2), ("k_one_hot_lambda", keras2_safe_mode)],
    "save-h5": [("incomplete_config", everywhere), ("unregistered", everywhere), ("python_lambda", keras3),
                ("unregistered_partial_config_k2", keras2), ("lambda_output_shape", lambda_output_shape_as_list)],
    "save-savedmodel": [("host_numpy", keras2)],
    "clone-model": [("incomplete_config", everywhere), ("lambda_ops", clone_refuses_lambda),
                    ("python_lambda", clone_refuses_lambda),
                    ("lambda_ops", clone_loses_names), ("lambda_output_shape", lambda_output_shape_as_list)],
    "jit-compile": [("host_numpy", jit), ("uint8_cast", jit)],
    "global-state": [("changes_floatx", everywhere), ("float64_precision", keras3), ("reproducible_init", keras3),
                     ("seeded_numpy_call", keras3), ("set_seed_in_build", keras2),
                     # Through other doors than the usual seeding calls (written blind):
                     *STATE_CHANGERS],
    "out-of-range": [("negative_wraps", everywhere), ("off_by_one", everywhere), ("clip_indices", keras3),
                     ("identity_take", keras3_jax), ("uint8_cast", everywhere), ("gather_python_index", keras2),
                     ("modulo_ids", keras3), ("label_smoothing", keras3),
                     ("clip_then_one_hot", keras2),
                     # Raises for depth, sends -1 to the last class: each index is judged on its own.
                     ("torch_eye_index", keras3_torch),
                     # Right outputs, but the caller's out-of-range ids rewritten in place.
                     ("torch_inplace_overflow", keras3_torch),
                     ("numpy_inplace_padding", keras3_numpy),
                     # Clamps to -1..depth in place: only ids further out are rewritten (written blind).
                     ("torch_clamp_inplace", keras3_torch),
                     # Keras's own one_hot drops the (1, 1) ids' axis: the shape is wrong before the values.
                     ("ops_one_hot_plain", numpy_one_hot_squeezes),
                     # Written blind: a take from the identity, which XLA clamps past the end (TensorFlow's
                     # jit_compile=True; NaN on JAX); invalid ids made 0 by ops.where and left hot.
                     ("take_eye_masked", keras3_traced), ("where_nomask", keras3)],
    # Keras gives -1 a zero row, onnxruntime the last class (torch: Keras's one_hot raises); Keras 2
    # refuses IntegerLookup's rank-3 one_hot output, Keras 3 needs TensorFlow for it.
    "export-onnx": [("ops_one_hot", exports("onnx", ("tensorflow", "jax"))), ("arange_one_argument", jax2onnx),
                    ("build_cache", keras3_exports("onnx")),  # the tensor cached in build() became a graph input
                    ("integer_lookup", keras3_exports("onnx")), ("negative_wraps", exports("onnx"))],
    "export-litert": [("integer_lookup", keras3_exports("litert")), ("negative_wraps", exports("litert"))],
    # No layer found that is right in Keras and wrong here: a layer wrong in Keras stays wrong.
    "export-serving": [("negative_wraps", exports("serving"))],
}

# Each cause the suite can name, and the layers it must reach (on some check they fail).
CAUSED_BY = {
    "uint8-cast": [("uint8_cast", everywhere)],
    "int8-cast": [("int8_ids", both(keras3, not_jax))],  # on JAX its classes alias as uint8's would
    # tf.one_hot on Keras 2 rejects int16 indices outright: there the layer is told that instead.
    "int16-cast": [("int16_cast", both(keras3, not_jax)), ("int16_save_memory", keras2)],
    "narrow-class-range": [("arange_same_dtype", keras3), ("ops_one_hot_plain", keras3_jax),
                           ("validates_ids", narrow_compare_wraps)],
    "autocast-rounding": [("autocast_on", everywhere), ("cast_then_one_hot", keras3), ("k_one_hot_lambda", keras2)],
    "compute-dtype-rounding": [("compute_dtype_compare", keras3), ("cast_to_compute_dtype", keras2),
                               ("category_encoding", compiled_category_encoding_rounds)],
    "off-by-one": [("off_by_one", everywhere)],
    "zero-is-padding": [("padding_zero", keras3)],
    "not-binary": [("label_smoothing", keras3)],
    "modulo-depth": [("modulo_ids", keras3)],
    "extra-axis": [("expand_then_encode", keras3)],
    # Where Keras's own one_hot drops the (1, 1) ids' axis, (1, 101) for (1, 1, 100) reads as an axis dropped.
    "wrong-depth": [("oov_column", both(keras3, unless(numpy_one_hot_squeezes)))],
    "config-not-accepted": [("init_without_kwargs", keras3)],
    "nan-rows": [("identity_take", keras3_jax)],
    "negative-wraps": [("negative_wraps", everywhere), ("gather_python_index", keras2),
                       ("torch_eye_index", keras3_torch)],
    "invalid-as-class-0": [("where_nomask", keras3)],
    "clamped-indices": [("take_eye_masked", keras3_tf), ("clip_indices", keras3), ("clip_then_one_hot", keras2)],
    "squeezed-axis": [("squeezes", everywhere), ("squeeze_output", keras3), ("squeeze_length_one_spec", keras3),
                      ("category_encoding", category_encoding_squeezes), ("ops_one_hot_plain", numpy_one_hot_squeezes)],
    "axis-dropped": [("bad_output_shape", everywhere), ("oov_column", numpy_one_hot_squeezes)],
    "class-axis-misplaced": [("axis_argument", keras3)],
    "static-length": [("length_in_shape", keras3)],
    "mutates-input": [("torch_inplace_overflow", keras3_torch),
                       ("numpy_inplace_padding", keras3_numpy),
                       ("torch_clamp_inplace", keras3_torch)],
    "symbolic-dtype": [("spec_declares_input_dtype", keras3)],
    "output-dtype": [("float64_output", everywhere), ("ignores_policy", everywhere)],
    "index-dtype-rejected": [("tf_one_hot_direct", keras2), ("lookup_identity", keras2), ("int16_cast", keras2)],
    "float-indices-rejected": [("no_cast", keras2), ("tf_one_hot_direct", keras2)],
    # On Keras 3's NumPy backend a Lambda without output_shape fails building first (its shape is
    # inferred from arbitrary values): shape-from-uninitialized there.
    "safe-mode-lambda": [("python_lambda", both(safe_mode_lambda, symbolic_lambdas)),
                         ("lambda_ops", both(keras3, symbolic_lambdas)),
                         ("k_one_hot_lambda", keras2_safe_mode)],
    "lambda-not-located": [("nested_function", keras3)],
    "shape-from-uninitialized": [("python_lambda", keras3_numpy), ("lambda_ops", keras3_numpy),
                                 ("lambda_one_hot_no_shape", keras3_numpy), ("validates_ids", keras3_numpy)],
    "keras-lambda-output-shape": [("lambda_output_shape", lambda_output_shape_as_list)],
    "lambda-lost-globals": [("lambda_ops", both(clone_loses_names, symbolic_lambdas))],
    "keras-clone-lambda": [("lambda_ops", both(clone_refuses_lambda, symbolic_lambdas)),
                           ("python_lambda", both(clone_refuses_lambda, symbolic_lambdas))],
    "unregistered-class": [("unregistered", refuses_unregistered), ("unregistered_layer", keras2)],
    "unregistered-incomplete-config": [("unregistered_partial_config", both(keras3, refuses_unregistered)),
                                       ("unregistered_partial_config_k2", keras2)],
    "incomplete-config": [("incomplete_config", everywhere), ("unregistered_partial_config", keras3)],
    "not-traceable": [("host_numpy", traced), ("numpy_eye_lookup", keras3_traced), ("validates_ids", keras3_traced)],
    "needs-input-length": [("needs_input_length", everywhere)],
    "trainable-weights": [("trainable_weight", everywhere), ("nan_gradient", everywhere)],
    "loss-not-finite": [("nan_gradient", trains)],
    "weights-changed": [("nan_gradient", trains)],
    "state-across-calls": [("caches_first_call", everywhere), ("build_cache", both(keras3, trains))],
    "global-state": [("changes_floatx", everywhere), ("float64_precision", keras3),
                     *[(name, where) for name, where in STATE_CHANGERS if name not in RESEEDERS]],
    "reseeds-random": [("reproducible_init", keras3), ("seeded_numpy_call", keras3), ("set_seed_in_build", keras2),
                       *[(name, where) for name, where in STATE_CHANGERS if name in RESEEDERS]],
    "depth-squared-memory": [("identity_take", keras3), ("identity_constant", keras3), ("numpy_eye_lookup", keras3),
                             ("lookup_identity", keras2)],
    "onnx-negative-index": [("ops_one_hot", exports("onnx", ("tensorflow", "jax")))],
    "export-lookup-table": [("integer_lookup", keras3_exports("onnx"))],
    "jax2onnx-arange": [("arange_one_argument", jax2onnx)],
}

# What Keras itself does that gives a layer a cause (checks.context.KERAS_FACTS_BEHIND, compat.json's
# keras_facts): a layer and a check it fails for it, where the fact holds; the summary and the
# report must say so.
KERAS_ITSELF = {"numpy-one-hot-squeezes": [("ops_one_hot_plain", "shape-batch-one")],
                "numpy-infers-from-uninitialized": [("lambda_ops", "shape-symbolic")],
                "lambda-output-shape-as-list": [("lambda_output_shape", "clone-model")]}


def broken_layers():
    return sorted({name for entries in MUST_FAIL.values() for name, _ in entries})


def factory(name):
    """The Factory for a corpus layer (or the shipped reference layer)."""
    if name == "reference":
        from pytest_onehot.reference import OneHot

        return Factory(OneHot, spec="pytest_onehot.reference:OneHot")
    module, changed = imported(name)
    made = Factory(module.OneHot, getattr(module, "DEPTH_ARG", "input_dim"), spec=f"tests.layers.{name}:OneHot")
    made.import_changes = changed
    return made


IMPORTS = {}  # layer name: (module, what its first import changed), once per process


def imported(name):
    """A corpus layer's module and what importing it changed, as load_factory reports it; unlike a
    user's run, the change is undone: the other tests of this process must not run under it."""
    from pytest_onehot.global_state import watch

    if name not in IMPORTS:
        with watch(fresh=True) as watched:
            module = importlib.import_module(f"tests.layers.{name}")
        IMPORTS[name] = module, watched.changes
    return IMPORTS[name]
