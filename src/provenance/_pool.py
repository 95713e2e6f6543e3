"""The engines' process pool: how many workers, and how each starts.

:func:`provenance.scan` and the ledger's read-ahead (:mod:`provenance.ledger._ahead`) size
their pools by one rule (:func:`processes`) and start them as :class:`Pool`, whose workers
leave an interrupt to the process that started them.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["Pool", "cpus", "processes", "worker_start"]

_P = ParamSpec("_P")
_R = TypeVar("_R")
_HELD = {signal.SIGINT, signal.SIGTERM}  # what a worker is born holding (see Pool)


def cpus() -> int:
    """The CPUs this process may run on."""
    counts: Callable[[], int | None] | None = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counts is not None:
        return counts() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_start() -> None:
    """How every engine's pool worker starts: an interrupt is its parent's to handle, what it inherits frozen.

    A terminal's Ctrl-C sends SIGINT to each process of the foreground group, the workers with
    the process that started them. The workers leave it to that process, which stops the pool
    and says so in one line; each worker would otherwise die printing its own traceback. SIGTERM
    ends a worker as it ends any process, whatever handler its parent had set. A worker is born
    with both held (:class:`Pool`), so that none arrives before its handling is set.
    And a worker leaves what it inherits to the permanent generation (``gc.freeze``): its
    collections skip those objects, and so do not copy them.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not a handler its parent set: SIGTERM ends a worker
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    gc.freeze()


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM wait (they arrive on leaving); processes started hold them too."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class Pool(ProcessPoolExecutor):
    """The engines' process pool: each worker starts with :func:`worker_start`.

    A task is submitted (and with it, a worker forked or spawned) while SIGINT and SIGTERM are
    held, so that neither cuts a worker's first moments short, before its handling is set.

    Args:
        workers: The worker processes.
    """

    def __init__(self, workers: int) -> None:
        super().__init__(max_workers=workers, initializer=worker_start)

    def submit(self, fn: Callable[_P, _R], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_R]:
        """:meth:`ProcessPoolExecutor.submit`, with SIGINT and SIGTERM held meanwhile."""
        with _interrupts_held():
            return super().submit(fn, *args, **kwargs)


def processes(workers: int | None, count: int, *, serial: int, most: int) -> int:
    """The worker processes a pool over ``count`` items may use, as every engine decides it.

    Args:
        workers: The number asked for, or None for the rule: one process below ``serial``
            items (starting processes would cost more than they save) or in a daemon (which
            may start none), else one per CPU this process may use, ``most`` at most.
        count: The items (or at least ``serial`` when not known in advance).
        serial: Fewest items for a pool.
        most: Most processes the rule starts.

    Raises:
        ValueError: ``workers`` is not a whole number of at least 1.

    Examples:
        >>> processes(3, 10, serial=100, most=8), processes(None, 10, serial=100, most=8)
        (3, 1)
    """
    if workers is None:
        if count < serial or multiprocessing.current_process().daemon:  # a daemon may start no process
            return 1
        return min(cpus(), most)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        msg = f"workers must be a whole number of at least 1, got {workers!r}"
        raise ValueError(msg)
    return workers
