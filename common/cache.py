"""Cached reads with clear invalidation.

A cached value lives under a key that contains its topic's *generation*, a
counter in the cache. Whatever changes the data behind a topic bumps the
generation after its transaction commits (`bump_on_commit`), so the next read
computes afresh; the old entries simply expire. A timeout bounds how old a value
can get through a path that forgot to bump (a raw SQL fix, say).

With `refresh`, a reader after a change does not wait for the new value: it is
given the last value computed (marked stale) while `refresh()` has the new one
computed elsewhere (a Celery task), once per generation. Slow aggregates (the
county dashboard over a million cases) then never hold up a page; the numbers
shown are at most one computation behind the latest change.

The cache is a help, never a dependency: when it cannot be reached the value is
computed every time, and bumping does nothing (there is nothing to invalidate).
"""

import logging

from django.core.cache import cache
from django.db import transaction

log = logging.getLogger(__name__)


def _gen_key(topic: str) -> str:
    return f"gen:{topic}"


def generation(topic: str) -> int:
    key = _gen_key(topic)
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key) or 1
    return value


def bump(topic: str) -> None:
    try:
        cache.incr(_gen_key(topic))
    except ValueError:  # no generation yet: readers start at 1, so move past it
        cache.add(_gen_key(topic), 2, timeout=None)
    except Exception:
        log.warning("cache unreachable: could not bump %s", topic)


def bump_on_commit(*topics: str) -> None:
    def run():
        for topic in topics:
            bump(topic)

    transaction.on_commit(run)


# How long the last computed value of a key is kept for stale reads.
LATEST_SECONDS = 24 * 3600


def _keys(topic, parts, gen):
    tail = ":".join(str(p) for p in parts)
    return (
        f"{topic}:{gen}:{tail}",
        f"{topic}:latest:{tail}",
        f"{topic}:refresh:{gen}:{tail}",
    )


def store(topic: str, parts, value, *, timeout: int) -> None:
    """Keep `value` as the topic's current value for `parts` (and its latest)."""
    try:
        current, latest, _lock = _keys(topic, parts, generation(topic))
        cache.set(current, value, timeout)
        if timeout:
            cache.set(latest, value, LATEST_SECONDS)
    except Exception:
        log.warning("cache unreachable: could not keep %s", topic)


def cached(topic: str, parts, compute, *, timeout: int, refresh=None):
    """compute(), kept for `timeout` seconds under the topic's generation.

    Returns (value, stale). With `refresh`, a miss after a change returns the
    last value with stale=True and calls refresh() once for this generation;
    refresh() returning False (nothing could be queued) means compute here.
    """
    try:
        current, latest, lock = _keys(topic, parts, generation(topic))
        value = cache.get(current)
        stale = None
        if value is None and refresh is not None and timeout:
            stale = cache.get(latest)
        # refresh() returns False when it could not be queued: then this reader
        # counts afresh.
        if stale is not None and (
            not cache.add(lock, 1, timeout=60) or refresh() is not False
        ):
            return stale, True
    except Exception:
        log.warning("cache unreachable: computing %s without it", topic)
        return compute(), False
    if value is None:
        value = compute()
        store(topic, parts, value, timeout=timeout)
    return value, False
