"""Keras's session and global settings around each check (a part of KerasEnv); what the settings
are and how they are read, compared and put back is `global_state`'s."""
import contextlib


class SessionState:
    """A cleared session, a dtype policy or a floatx for a block, and the state each check starts from."""

    def clear_session(self):
        clear = self.keras.backend.clear_session
        try:
            # A full gc.collect() per check costs ~0.1 s with TensorFlow loaded; Python's own
            # collector still runs. Keras 3.5+ takes free_memory; older ones do not.
            clear(free_memory=False)
        except TypeError:
            clear()

    @contextlib.contextmanager
    def dtype_policy(self, name):
        """Run under a global dtype policy; the previous one comes back whatever happens."""
        previous = self.keras.mixed_precision.global_policy().name
        self.keras.mixed_precision.set_global_policy(name)
        try:
            yield
        finally:
            self.keras.mixed_precision.set_global_policy(previous)

    @contextlib.contextmanager
    def floatx(self, name):
        """Run under floatx `name` as a process whose keras.json sets it runs: the dtype policy
        follows floatx there. Both come back whatever happens. ValueError where this Keras refuses it."""
        backend, precision = self.keras.backend, self.keras.mixed_precision
        previous = backend.floatx(), precision.global_policy().name
        backend.set_floatx(name)
        try:
            precision.set_global_policy(name)
            yield
        finally:
            backend.set_floatx(previous[0])
            precision.set_global_policy(previous[1])

    @contextlib.contextmanager
    def clean_state(self, pristine=None):
        """Start from a cleared session and the global settings the process had before the layer
        was first built (`pristine`, a global_state snapshot, else the settings now), under floatx
        float32 (global_state.catalogue_settings); put them back afterwards, with the random
        generators as they were on entry.

        The global random generators are never seeded here: seeding would reset the user's own
        random streams. The checks' own random weights come from seeded initializers (`dense`).
        Nothing helps where Keras reads uninitialized memory: the NumPy backend infers a Lambda's
        output shape by calling it on `np.empty` arrays.
        """
        from pytest_onehot import global_state

        state = global_state.snapshot()
        state.update(global_state.catalogue_settings(pristine or {}))
        global_state.restore(state, reseeding=False)
        self.clear_session()
        try:
            yield state
        finally:
            global_state.restore(state)
