"""Slowing and then blocking repeated tries from one address (the public page).

The first `free` tries in a window pass; after that each try must wait longer
than the last (5 s, 10 s, 20 s …); from `block_after` tries the address is
blocked until the window ends. Counts live in the shared cache (Redis in
production), so every web process sees the same numbers.
"""

import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address; behind N trusted proxies, from X-Forwarded-For."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def valid_client_ip(request) -> str | None:
    """client_ip() when it is an address (django-axes stores it as one), else None."""
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    wait_seconds: int = 0
    blocked: bool = False


@dataclass(frozen=True)
class Throttle:
    scope: str
    free: int = 5
    block_after: int = 10
    window_seconds: int = 15 * 60
    base_wait_seconds: int = 5

    def _key(self, request) -> str:
        return f"throttle:{self.scope}:{client_ip(request)}"

    def check(self, request, now: float | None = None) -> Verdict:
        """Whether this try may go ahead; a try that goes ahead is counted."""
        now = time.time() if now is None else now
        key = self._key(request)
        state = cache.get(key) or {"count": 0, "last": 0.0, "start": now}
        count = state["count"]
        if count >= self.block_after:
            remaining = int(state["start"] + self.window_seconds - now) + 1
            return Verdict(False, max(remaining, 1), blocked=True)
        if count >= self.free:
            wait = self.base_wait_seconds * 2 ** (count - self.free)
            if now - state["last"] < wait:
                return Verdict(False, int(wait - (now - state["last"])) + 1)
        state.update(count=count + 1, last=now)
        remaining_window = max(int(state["start"] + self.window_seconds - now), 1)
        cache.set(key, state, timeout=remaining_window)
        return Verdict(True)

    def reset(self, request) -> None:
        cache.delete(self._key(request))
