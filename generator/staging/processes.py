"""Processes of a build: how many (one per core), the share of the languages each
takes, and that each ends with the process that started it, also when that one is
killed (`end_with_parent`). No MkDocs here: staging forks with them, the MkDocs
adapter starts further builds, Pagefind runs as one."""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

ENV_JOBS = "KIM_JOBS"  # how many processes build the site; default: one per core


def jobs() -> int:
    value = os.environ.get(ENV_JOBS, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def split(languages: list[str], count: int) -> list[list[str]]:
    """The languages in `count` groups of about equal size (every language has the
    same pages), the first language first in the first group."""
    count = max(1, min(count, len(languages)))
    return [languages[start::count] for start in range(count)]


def _prctl():
    """Linux's prctl; None elsewhere. Looked up once, here: a child between fork and
    exec only calls it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()
PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int, watch: bool = False) -> None:
    """Called in a child process, first thing: end it when `parent`, the process that
    started it, ends, however that ends. After `kill -9` the parent cannot stop its
    children, and a forked staging worker would wait for work forever. On Linux the
    system sends SIGKILL (PR_SET_PDEATHSIG, kept across exec); elsewhere, with `watch`,
    a thread looks every second whether the parent is gone (not before an exec: the
    thread would not survive it)."""
    if _PRCTL is not None and _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
        if os.getppid() != parent:
            os._exit(1)  # the parent ended before the signal was set
    elif watch:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def ending_with_this_process() -> Callable[[], None] | None:
    """For subprocess's `preexec_fn` (runs in the child before exec): the child ends
    when this process does. None where that cannot be arranged before exec.
    The system counts the thread that started the child: start it from a thread that
    waits for it or outlives it (the main thread, MkDocs' build loop)."""
    return functools.partial(end_with_parent, os.getpid()) if _PRCTL is not None else None
