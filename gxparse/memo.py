"""Memoisation for the pure string functions on the hot path, clearable as one.

Labels, figures and word texts repeat across the rows of a report and across
reports, so their parsing is cached (bounded). ``clear()`` forgets it all, for
benchmarks that time a cold start.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_registry: list[Any] = []


def memo(maxsize: int = 65536) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, registered so that ``clear()`` reaches it."""

    def wrap(fn: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _registry.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def clear() -> None:
    """Forget every memoised result."""
    for cached in _registry:
        cached.cache_clear()
