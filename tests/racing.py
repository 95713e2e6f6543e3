"""Writers racing each other: each in a process of its own, started together."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any


def at_once(task: Callable[..., None], arguments: Sequence[tuple[Any, ...]]) -> list[str]:
    """Run ``task(*args, start, out)`` in a spawned process for each ``args``, all at once.

    ``start`` is a barrier of all of them (to wait on before each step that must race), ``out``
    a queue on which each puts one line: ``""`` when it ended well, else its error.

    Returns:
        What each put on ``out``, in the order they ended.
    """
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(len(arguments)), context.Queue()
    workers = [context.Process(target=task, args=(*args, start, out)) for args in arguments]
    for worker in workers:
        worker.start()
    said = [out.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join()
    return said
