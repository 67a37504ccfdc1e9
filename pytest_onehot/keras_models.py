"""Models: the one way checks build, run, train, save and clone them (a part of KerasEnv).

Reads `self.keras` and `self.numpy` of the KerasEnv it is mixed into; where Keras 2 and 3 differ,
it asks `self.keras3` (and how Keras compiles by default, `self.jit_compile_default()`), which only
KerasEnv computes.
"""
import warnings

import numpy as np

SAVE_SUFFIX = {"keras": "model.keras", "h5": "model.h5", "savedmodel": "savedmodel"}


class Models:
    """Building and running models around a layer, on this Keras."""

    def tf_data_map(self, layer, x, dtype):
        """The layer mapped over a tf.data pipeline of `x` as `dtype` (one batch), as NumPy."""
        import tensorflow as tf

        dataset = tf.data.Dataset.from_tensor_slices(np.asarray(x).astype(dtype)).batch(len(x)).map(layer)
        return self.numpy(next(iter(dataset)))

    def input(self, length, dtype="int32", batch_size=None):
        return self.keras.Input(shape=(length,), dtype=dtype, batch_size=batch_size)

    def model(self, inputs, outputs):
        return self.keras.Model(inputs, outputs)

    def sequential(self, layers):
        return self.keras.Sequential(layers)

    def predict(self, model, x):
        """`model.predict` in one batch, through Keras's input pipeline as users run it; a list
        of inputs gives a list of outputs."""
        batch = len(x[0]) if isinstance(x, list) else len(x)
        return self._outputs(model.predict(x, batch_size=batch, verbose=0))

    def predict_batch(self, model, x):
        """The model's compiled predict step on one batch, without the input pipeline (datasets,
        callbacks), which costs three times the step: for checks of the model, not the pipeline."""
        return self._outputs(model.predict_on_batch(x))

    def _outputs(self, out):
        return [self.numpy(o) for o in out] if isinstance(out, list) else self.numpy(out)

    def dense(self, units, use_bias=True, seed=0):
        """Dense with a seeded initializer: the same start in every run, without seeding (and so
        resetting) the global random generators the user's own tests draw from."""
        return self.keras.layers.Dense(units, use_bias=use_bias, kernel_initializer=self.initializer(seed))

    def initializer(self, seed=0):
        """Glorot-uniform weights drawn by NumPy from `seed`. Not the backend's seeded initializer: on JAX
        that compiles its random generator anew for every weight shape (about a second on a busy CPU)."""
        def glorot_uniform(shape, dtype=None, **kwargs):
            shape = tuple(int(d) for d in shape)
            limit = np.sqrt(6 / (shape[0] + shape[-1]))
            return self.tensor(np.random.default_rng(seed).uniform(-limit, limit, size=shape), dtype or "float32")

        return glorot_uniform

    def compile(self, model, learning_rate=0.1, jit_compile=False):
        optimizer = self.keras.optimizers.SGD(learning_rate=learning_rate)
        model.compile(optimizer=optimizer, loss="mse", jit_compile=jit_compile)
        return model

    def train(self, model, x, y, steps=3, learning_rate=0.1):
        """A few full-batch SGD steps through the compiled train step; returns the losses.
        train_on_batch, not fit: fit's epochs (callbacks, iterators) cost more than the steps. Compiled as
        `model.compile()` compiles by default on a CPU (jit_compile_default): users train on that path."""
        self.compile(model, learning_rate, self.jit_compile_default())
        return [float(np.ravel(model.train_on_batch(x, y))[0]) for _ in range(steps)]

    def save_and_load(self, model, directory, fmt):
        """Save `model` in `fmt` under `directory` and load it back with the defaults (safe mode)."""
        directory.mkdir(parents=True, exist_ok=True)
        path = str(directory / SAVE_SUFFIX[fmt])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Keras 3 warns that .h5 is legacy; that is known.
            if fmt == "savedmodel":
                model.save(path, save_format="tf")
            else:
                model.save(path)
            return self.keras.models.load_model(path)

    def clone(self, model):
        return self.keras.models.clone_model(model)

    def layers(self):
        return self.keras.layers
