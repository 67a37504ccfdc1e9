"""Time limits for checks, so that a hanging layer cannot hang CI.

Three layers of defence, each later than the one before:
1. SIGALRM raises CheckTimeout inside the check (Python code, or native code that returns to
   the interpreter): that check fails and the session goes on.
2. A watchdog thread, for native code that ignores the signal but releases the GIL: it names the
   check, dumps every thread's stack and ends the process.
3. faulthandler's own C thread, for native code that holds the GIL: it dumps the stacks and ends
   the process; the check's id is in the name of our frame on the stack
   (`onehot_check_<id>`), since nothing else can be printed then.
"""
import faulthandler
import re
import os
import signal
import sys
import threading

from pytest_onehot.assertions import CheckFailure

GRACE = 10.0  # seconds between one defence and the next (less for short limits)


class CheckTimeout(CheckFailure):
    """A check ran past its time limit."""


def _can_signal():
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def terminal_stderr():
    """A copy of the real stderr, taken while pytest is not capturing (at configure time):
    inside a test, fd 2 is pytest's capture file, which dies with the process unread."""
    return os.fdopen(os.dup(2), "w", buffering=1)


def _end_session(check_id, seconds, stream):
    stream.write(
        f"\npytest-onehot: check {check_id} is still running {seconds:g} s after its time limit, in native "
        "code that a signal cannot interrupt; stacks follow, and the session ends here.\n"
    )
    faulthandler.dump_traceback(file=stream, all_threads=True)
    stream.flush()
    os._exit(3)


def _call(func):
    return func()


def _named_caller(check_id):
    """`_call` under a code name that carries the check id, for faulthandler's stack dump."""
    name = "onehot_check_" + re.sub(r"\W", "_", check_id)
    names = {"co_name": name}
    if hasattr(_call.__code__, "co_qualname"):  # Python 3.11+
        names["co_qualname"] = name
    return type(_call)(_call.__code__.replace(**names), globals(), name)


def call_with_time_limit(check_id, seconds, func, stream=None):
    """Call `func`; fail the check after `seconds`, end the process if it cannot be stopped.

    `seconds` 0 turns the limit off; `stream` (default stderr) gets the last words.
    """
    stream = stream or sys.stderr
    if not seconds:
        return func()
    grace = max(1.0, min(GRACE, seconds))

    def on_alarm(signum, frame):
        raise CheckTimeout(
            f"check {check_id} exceeded its time limit of {seconds:g} s (--onehot-timeout): "
            "the layer hangs, or the limit is too tight for this machine"
        )

    previous = signal.signal(signal.SIGALRM, on_alarm) if _can_signal() else None
    if previous is not None:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    watchdog = threading.Timer(seconds + grace, _end_session, (check_id, grace, stream))
    watchdog.daemon = True
    watchdog.start()
    faulthandler.dump_traceback_later(seconds + 2 * grace, exit=True, file=stream)
    try:
        return _named_caller(check_id)(func)
    finally:
        faulthandler.cancel_dump_traceback_later()
        watchdog.cancel()
        if previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
