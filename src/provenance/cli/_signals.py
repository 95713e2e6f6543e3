"""The command line's signals: SIGTERM stops a command as Ctrl-C does, and says so in one line.

While a command runs, SIGTERM (``timeout``, a service manager) raises :class:`Terminated` in
the main thread; the command unwinds, prints its line, and the process then ends as SIGTERM
ends it. Ctrl-C is click's (``provenance: aborted``); the pool's workers leave both to the
command (:mod:`provenance._pool`).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Terminated(BaseException):
    """SIGTERM arrived while a command ran (``timeout``, a service manager stopping it).

    A BaseException, as KeyboardInterrupt is: no ``except Exception`` holds it up, and the
    command unwinds (an open write rolls back, the pool stops) before it says so in one line.
    """


def _raise_terminated(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
    raise Terminated


def _pool_race_hidden(
    hook: Callable[[threading.ExceptHookArgs], object],
) -> Callable[[threading.ExceptHookArgs], None]:
    """A thread's excepthook that passes over one known race of CPython's process pool, and shows the rest.

    When a service manager's SIGTERM ends the workers while the stopping command cancels the
    pool's pending tasks, the pool's manager thread may set the exception of a task already
    cancelled and die of ``InvalidStateError`` (CPython gh-107219): a traceback, and nothing lost.
    """

    def shown(args: threading.ExceptHookArgs) -> None:
        from concurrent.futures import InvalidStateError  # noqa: PLC0415 - only once a thread failed

        if (
            isinstance(args.exc_value, InvalidStateError)
            and type(args.thread).__name__ == "_ExecutorManagerThread"
        ):
            return
        hook(args)

    return shown


@contextmanager
def _terminable() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` (in the main thread; elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before, hook = signal.signal(signal.SIGTERM, _raise_terminated), threading.excepthook
    threading.excepthook = _pool_race_hidden(hook)
    try:
        yield
    finally:  # None: a handler not set from Python, which Python cannot set back
        signal.signal(signal.SIGTERM, signal.SIG_DFL if before is None else before)
        threading.excepthook = hook


def _end_by_sigterm() -> None:
    """End this process as SIGTERM would have (a shell sees 143, a service manager a clean stop)."""
    sys.stdout.flush()
    sys.stderr.flush()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)
